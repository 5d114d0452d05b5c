using DigitalTwin.Grains.Hosting;
using DigitalTwin.Grains.Security;
using Microsoft.Extensions.Options;

namespace DigitalTwin.Grains.Tests.Security;

/// <summary>Production refuses uncapped auto-discovery, and names both ways to close the gap.</summary>
public sealed class DiscoveryCapRequirementTests
{
    [Fact]
    public void UncappedAutoDiscoveryIsAGap()
    {
        var gap = Assert.Single(Gaps(new TwinOptions { AutoDiscovery = true }));

        Assert.Contains("Twins:MaxDiscoveriesPerMinute", gap, StringComparison.Ordinal);
        Assert.Contains("Twins:AutoDiscovery=false", gap, StringComparison.Ordinal);
    }

    [Fact]
    public void ACapOrNoAutoDiscoveryCloseIt()
    {
        Assert.Empty(Gaps(new TwinOptions { AutoDiscovery = true, MaxDiscoveriesPerMinute = 600 }));
        Assert.Empty(Gaps(new TwinOptions { AutoDiscovery = false }));
    }

    private static IEnumerable<string> Gaps(TwinOptions options) => new DiscoveryCapRequirement(Options.Create(options)).FindGaps().ToList();
}
