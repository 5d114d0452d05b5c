namespace DigitalTwin.Grains.Tests.Infrastructure;

/// <summary>A cluster with <c>Twins:AutoDiscovery=false</c>: only twins created through the API exist.</summary>
public sealed class NonDiscoveringClusterFixture : TwinClusterFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Twins:AutoDiscovery", "false")];
}
