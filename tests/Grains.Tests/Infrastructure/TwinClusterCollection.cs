namespace DigitalTwin.Grains.Tests.Infrastructure;

/// <summary>Tests that share the default cluster (auto-discovery on).</summary>
[CollectionDefinition(Name)]
public sealed class TwinClusterCollection : ICollectionFixture<DiscoveringClusterFixture>
{
    public const string Name = "Twin cluster";
}
