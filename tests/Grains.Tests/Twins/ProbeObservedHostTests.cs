using DigitalTwin.Grains.Interfaces.Network;
using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.Twins;
using DigitalTwin.Wire;
using static DigitalTwin.Grains.Tests.Infrastructure.Messages;

namespace DigitalTwin.Grains.Tests.Twins;

/// <summary>
/// A host a network probe saw is not a device that reports itself: its twin is typed by the probe, its presence is
/// "observed" rather than online, and windows of the device itself and of a probe never mix in one twin.
/// </summary>
public sealed class ProbeObservedHostTests
{
    private const string Id = "ip-10-0-0-5";

    private static readonly DateTimeOffset Now = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    private readonly Twin _twin = new(Id, new TwinState(), new TwinRules(100, AutoDiscovery: true, Timeout));

    [Fact]
    public void AProbeWindowCreatesATwinOfTheTypeItNamesWhosePresenceIsObserved()
    {
        var outcome = _twin.AdmitNetworkWindow(Now.AddSeconds(-10), Now, NetworkWindowSource.Probe, "network_host");

        Assert.Equal(DeviceMessageResult.Applied, outcome.Result);
        Assert.True(outcome.Created);
        Assert.Equal("network_host", _twin.State.Type);
        Assert.Equal(NetworkWindowSource.Probe, _twin.State.NetworkSource);
        Assert.Equal(PresenceStatus.Observed, _twin.State.AnnouncedPresence);
        Assert.Equal(PresenceStatus.Observed, Presence.Evaluate(_twin.State.AnnouncedPresence, _twin.State.LastSeen, Now, Timeout));
        Assert.Equal("observed", WireNames.Of(PresenceStatus.Observed));
    }

    [Fact]
    public void AnObservedHostGoesOfflineWhenTheProbeStopsSeeingIt()
    {
        _twin.AdmitNetworkWindow(Now.AddSeconds(-10), Now, NetworkWindowSource.Probe, "network_host");

        Assert.Equal(PresenceStatus.Offline, Presence.Evaluate(_twin.State.AnnouncedPresence, _twin.State.LastSeen, Now + Timeout + TimeSpan.FromSeconds(1), Timeout));
    }

    [Fact]
    public void ADeviceThatAnnouncedItselfOnlineStaysOnlineWhileTheProbeSeesIt()
    {
        _twin.Apply(Received(Now, Status(Id, Now, PresenceStatus.Online)));

        _twin.AdmitNetworkWindow(Now.AddSeconds(-10), Now.AddSeconds(1), NetworkWindowSource.Probe, "network_host");

        Assert.Equal(PresenceStatus.Online, _twin.State.AnnouncedPresence);
    }

    [Fact]
    public void ATwinTakingAProbesWindowsRefusesTheDevicesOwnAndCountsIt()
    {
        _twin.AdmitNetworkWindow(Now.AddSeconds(-20), Now, NetworkWindowSource.Probe, "network_host");
        var version = _twin.State.Version;

        var outcome = _twin.AdmitNetworkWindow(Now.AddSeconds(-10), Now.AddSeconds(1), NetworkWindowSource.Device);

        Assert.Equal(DeviceMessageResult.SourceConflict, outcome.Result);
        Assert.Equal(1, _twin.State.NetworkWindowsSourceConflicts);
        Assert.Equal(NetworkWindowSource.Probe, _twin.State.NetworkSource);
        Assert.Equal(PresenceStatus.Observed, _twin.State.AnnouncedPresence);
        Assert.Equal(version, _twin.State.Version);
    }

    [Fact]
    public void ATwinTakingTheDevicesOwnWindowsRefusesAProbes()
    {
        _twin.AdmitNetworkWindow(Now.AddSeconds(-20), Now, NetworkWindowSource.Device);

        var outcome = _twin.AdmitNetworkWindow(Now.AddSeconds(-10), Now.AddSeconds(1), NetworkWindowSource.Probe, "network_host");

        Assert.Equal(DeviceMessageResult.SourceConflict, outcome.Result);
        Assert.Equal(NetworkWindowSource.Device, _twin.State.NetworkSource);
        Assert.Equal(PresenceStatus.Online, _twin.State.AnnouncedPresence);
    }

    [Fact]
    public void ATypeTheTwinAlreadyHasIsNotReplacedByTheProbes()
    {
        _twin.Apply(Received(Now, Telemetry(Id, Now, "camera")));

        _twin.AdmitNetworkWindow(Now.AddSeconds(-10), Now.AddSeconds(1), NetworkWindowSource.Probe, "network_host");

        Assert.Equal("camera", _twin.State.Type);
    }

    private static DeviceMessage Received(DateTimeOffset receivedAt, DeviceMessage message) => message with { ReceivedAt = receivedAt };
}
