namespace DigitalTwin.Grains.Tests.Infrastructure;

/// <summary>Tests that share the memory-mode cluster whose queue they script.</summary>
[CollectionDefinition(Name)]
public sealed class InMemoryScriptedQueueClusterCollection : ICollectionFixture<InMemoryScriptedQueueClusterFixture>
{
    public const string Name = "Twin cluster in memory mode with a scripted queue";
}
