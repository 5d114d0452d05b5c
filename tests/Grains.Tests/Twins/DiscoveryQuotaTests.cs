using System.Diagnostics.Metrics;
using DigitalTwin.Grains.Diagnostics;
using DigitalTwin.Grains.Hosting;
using DigitalTwin.Grains.Twins;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using static DigitalTwin.Grains.Tests.Infrastructure.Messages;

namespace DigitalTwin.Grains.Tests.Twins;

/// <summary>Auto-discovery creates at most <c>Twins:MaxDiscoveriesPerMinute</c> twins a minute; known devices never pay for it.</summary>
public sealed class DiscoveryQuotaTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _clock = new(T0);
    private readonly BrokerSecurityMetrics _metrics = new(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>());

    [Fact]
    public void AMinutesWorthIsTakenThenRefusedAndCounted()
    {
        var quota = Quota(3);

        Assert.True(quota.TryTake());
        Assert.True(quota.TryTake());
        Assert.True(quota.TryTake());
        Assert.False(quota.TryTake());
        Assert.Equal(1, _metrics.DiscoveriesCapped);
    }

    [Fact]
    public void TheQuotaRefillsOverTheMinute()
    {
        var quota = Quota(60);
        for (var i = 0; i < 60; i++)
        {
            Assert.True(quota.TryTake());
        }

        Assert.False(quota.TryTake());
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(quota.TryTake());
        Assert.False(quota.TryTake());
        _clock.Advance(TimeSpan.FromMinutes(5));
        for (var i = 0; i < 60; i++)
        {
            Assert.True(quota.TryTake());
        }

        Assert.False(quota.TryTake());
    }

    [Fact]
    public void WithoutACapEveryDiscoveryIsTaken()
    {
        var quota = Quota(0);

        Assert.False(quota.IsCapped);
        Assert.All(Enumerable.Range(0, 10_000), _ => Assert.True(quota.TryTake()));
    }

    [Fact]
    public void AnUnknownDeviceOverTheCapGetsNoTwinAndAKnownOneIsUnaffected()
    {
        var quota = Quota(1);
        var rules = new TwinRules(100, AutoDiscovery: true, TimeSpan.FromMinutes(5)) { Discovery = quota };
        var first = new Twin("dev-1", new TwinState(), rules);
        var second = new Twin("dev-2", new TwinState(), rules);

        Assert.Equal(DeviceMessageResult.Applied, first.Apply(Telemetry("dev-1", T0, Number("t", 1))).Result);
        var refused = second.Apply(Telemetry("dev-2", T0, Number("t", 1)));
        var known = first.Apply(Telemetry("dev-1", T0.AddSeconds(1), Number("t", 2)));

        Assert.Equal(DeviceMessageResult.DiscoveryCapped, refused.Result);
        Assert.False(second.Exists);
        Assert.Equal(DeviceMessageResult.Applied, known.Result);
    }

    private DiscoveryQuota Quota(int perMinute) =>
        new(Options.Create(new TwinOptions { MaxDiscoveriesPerMinute = perMinute }), _clock, _metrics);
}
