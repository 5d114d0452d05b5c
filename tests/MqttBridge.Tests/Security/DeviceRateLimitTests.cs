using DigitalTwin.MqttBridge.Security;
using Microsoft.Extensions.Time.Testing;

namespace DigitalTwin.MqttBridge.Tests.Security;

/// <summary>A device's messages and bytes a second, with a second's burst; refusals take nothing and are reported at most once a second.</summary>
public sealed class DeviceRateLimitTests
{
    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public void ASecondsWorthOfMessagesPassesThenTheRestIsRefused()
    {
        var limit = new DeviceRateLimit(messagesPerSecond: 5, bytesPerSecond: 0, _clock);

        Assert.All(Enumerable.Range(0, 5), _ => Assert.True(limit.TryTake(100)));
        Assert.False(limit.TryTake(100));
        _clock.Advance(TimeSpan.FromMilliseconds(250));
        Assert.True(limit.TryTake(100));
        Assert.False(limit.TryTake(100));
    }

    [Fact]
    public void BytesAreLimitedAndALargeMessageLeavesADebt()
    {
        var limit = new DeviceRateLimit(messagesPerSecond: 0, bytesPerSecond: 1000, _clock);

        Assert.True(limit.TryTake(3000));
        Assert.False(limit.TryTake(1));
        _clock.Advance(TimeSpan.FromSeconds(1.5));
        Assert.False(limit.TryTake(1));
        _clock.Advance(TimeSpan.FromSeconds(0.6));
        Assert.True(limit.TryTake(1));
    }

    [Fact]
    public void IdleTimeFillsTheBucketOnlyToOneSecondsWorth()
    {
        var limit = new DeviceRateLimit(messagesPerSecond: 3, bytesPerSecond: 0, _clock);
        _clock.Advance(TimeSpan.FromHours(1));

        Assert.All(Enumerable.Range(0, 3), _ => Assert.True(limit.TryTake(1)));
        Assert.False(limit.TryTake(1));
    }

    [Fact]
    public void ARefusalTakesNothing()
    {
        var limit = new DeviceRateLimit(messagesPerSecond: 1, bytesPerSecond: 0, _clock);
        Assert.True(limit.TryTake(1));
        for (var i = 0; i < 100; i++)
        {
            Assert.False(limit.TryTake(1));
        }

        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(limit.TryTake(1));
    }

    [Fact]
    public void RefusalsAreReportedAtMostOnceASecond()
    {
        var limit = new DeviceRateLimit(1, 0, _clock);

        Assert.True(limit.ShouldReport());
        Assert.False(limit.ShouldReport());
        _clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(limit.ShouldReport());
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(limit.ShouldReport());
    }
}
