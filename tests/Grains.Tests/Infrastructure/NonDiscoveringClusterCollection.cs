namespace DigitalTwin.Grains.Tests.Infrastructure;

/// <summary>Tests that share the cluster with auto-discovery off.</summary>
[CollectionDefinition(Name)]
public sealed class NonDiscoveringClusterCollection : ICollectionFixture<NonDiscoveringClusterFixture>
{
    public const string Name = "Twin cluster without auto-discovery";
}
