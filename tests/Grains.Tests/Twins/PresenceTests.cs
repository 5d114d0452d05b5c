using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.Twins;

namespace DigitalTwin.Grains.Tests.Twins;

/// <summary>Online means: announced online and seen within the inactivity timeout.</summary>
public sealed class PresenceTests
{
    private static readonly DateTimeOffset Now = new(2024, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    [Fact]
    public void AnnouncedOnlineAndSeenRecentlyIsOnline() =>
        Assert.Equal(PresenceStatus.Online, Presence.Evaluate(PresenceStatus.Online, Now.AddMinutes(-1), Now, Timeout));

    [Fact]
    public void SeenExactlyAtTheTimeoutIsStillOnline() =>
        Assert.Equal(PresenceStatus.Online, Presence.Evaluate(PresenceStatus.Online, Now - Timeout, Now, Timeout));

    [Fact]
    public void SeenLongerAgoThanTheTimeoutIsOffline() =>
        Assert.Equal(PresenceStatus.Offline, Presence.Evaluate(PresenceStatus.Online, Now - Timeout - TimeSpan.FromTicks(1), Now, Timeout));

    [Fact]
    public void AnnouncedOfflineIsOfflineHoweverRecent() =>
        Assert.Equal(PresenceStatus.Offline, Presence.Evaluate(PresenceStatus.Offline, Now, Now, Timeout));

    [Fact]
    public void NeverSeenIsOffline() =>
        Assert.Equal(PresenceStatus.Offline, Presence.Evaluate(PresenceStatus.Online, null, Now, Timeout));

    [Fact]
    public void TwinGoesOfflineWhenItsDeviceFallsSilent()
    {
        var twin = new Twin("sensor-1", new TwinState(), new TwinRules(10, AutoDiscovery: true, Timeout));
        twin.Apply(Infrastructure.Messages.Telemetry("sensor-1", Now, Infrastructure.Messages.Number("a", 1)));

        Assert.Equal(PresenceStatus.Online, twin.ToSnapshot(Now.AddMinutes(4)).Presence);
        Assert.Equal(PresenceStatus.Offline, twin.ToSnapshot(Now.AddMinutes(6)).Presence);
    }
}
