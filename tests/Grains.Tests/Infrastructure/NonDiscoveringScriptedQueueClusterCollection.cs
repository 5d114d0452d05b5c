namespace DigitalTwin.Grains.Tests.Infrastructure;

/// <summary>Tests that share the durable, scripted-queue cluster with auto-discovery off.</summary>
[CollectionDefinition(Name)]
public sealed class NonDiscoveringScriptedQueueClusterCollection : ICollectionFixture<NonDiscoveringScriptedQueueClusterFixture>
{
    public const string Name = "Twin cluster with a scripted queue and log, without auto-discovery";
}
