namespace DigitalTwin.Grains.Tests.Infrastructure;

/// <summary>A cluster whose auto-discovery creates at most two twins a minute (<c>Twins:MaxDiscoveriesPerMinute</c>).</summary>
public sealed class CappedDiscoveryClusterFixture : TwinClusterFixture
{
    public const int PerMinute = 2;

    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Twins:MaxDiscoveriesPerMinute", PerMinute.ToString())];
}
