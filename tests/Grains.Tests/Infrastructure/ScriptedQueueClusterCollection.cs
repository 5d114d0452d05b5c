namespace DigitalTwin.Grains.Tests.Infrastructure;

/// <summary>Tests that share the durable cluster whose queue and log they script.</summary>
[CollectionDefinition(Name)]
public sealed class ScriptedQueueClusterCollection : ICollectionFixture<ScriptedQueueClusterFixture>
{
    public const string Name = "Twin cluster with a scripted queue and log";
}
