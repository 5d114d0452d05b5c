using DigitalTwin.Behaviour.Features;
using DigitalTwin.Behaviour.Packets;
using static DigitalTwin.Behaviour.Tests.Packets.Frames;

namespace DigitalTwin.Behaviour.Tests.Packets;

/// <summary><see cref="TrafficObserverOptions.ReportQuietDevices"/> and <see cref="TrafficObserver.Announce"/>.</summary>
public sealed class TrafficObserverQuietDeviceTests
{
    private const string Device = "10.0.0.1";
    private const string Other = "10.0.0.2";
    private const string Remote = "192.0.2.10";

    [Fact]
    public void AnAnnouncedDeviceGetsAnEmptyWindowForEachSilentWindow()
    {
        var traffic = new ObservedTraffic(new TrafficObserverOptions { ReportQuietDevices = true });
        traffic.Observer.Announce(Host(Device));
        traffic.Udp(1.0, Device, 40000, Remote, 123, new byte[48]);
        for (var seconds = 15; seconds <= 45; seconds += 10)
        {
            traffic.AdvanceTo(seconds);
        }

        Assert.Equal(Enumerable.Range(0, 4).Select(Start), traffic.Windows.Select(w => w.Window.Start));
        Assert.Equal(1, traffic.Feature(Device, 0, NetworkFeature.PacketsOut));
        AssertEmpty(traffic, 1, 2, 3);
    }

    [Fact]
    public void AClockJumpingSeveralWindowsAtOnceGivesAnEmptyWindowForEachOfThem()
    {
        var traffic = new ObservedTraffic(new TrafficObserverOptions { ReportQuietDevices = true });
        traffic.Observer.Announce(Host(Device));
        traffic.Udp(1.0, Device, 40000, Remote, 123, new byte[48]);
        traffic.AdvanceTo(45);
        traffic.Udp(51.0, Device, 40000, Remote, 123, new byte[48]);
        traffic.AdvanceTo(60);

        Assert.Equal(Enumerable.Range(0, 6).Select(Start), traffic.Windows.Select(w => w.Window.Start));
        AssertEmpty(traffic, 1, 2, 3, 4);
        Assert.Equal(1, traffic.Feature(Device, 5, NetworkFeature.PacketsOut));
    }

    [Fact]
    public void AnAnnouncedDeviceThatNeverSentGetsEmptyWindows()
    {
        var traffic = new ObservedTraffic(new TrafficObserverOptions { ReportQuietDevices = true });
        traffic.Observer.Announce(Host(Device));
        traffic.AdvanceTo(5);
        traffic.AdvanceTo(35);

        Assert.Equal(Enumerable.Range(0, 3).Select(Start), traffic.Windows.Select(w => w.Window.Start));
        AssertEmpty(traffic, 0, 1, 2);
    }

    [Fact]
    public void WithoutTheOptionASilentDeviceGetsNoWindows()
    {
        var traffic = new ObservedTraffic();
        traffic.Observer.Announce(Host(Device));
        traffic.Udp(1.0, Device, 40000, Remote, 123, new byte[48]);
        traffic.AdvanceTo(15);
        traffic.AdvanceTo(45);
        traffic.Udp(51.0, Device, 40000, Remote, 123, new byte[48]);
        traffic.Complete();

        Assert.Equal([Start(0), Start(5)], traffic.Windows.Select(w => w.Window.Start));
    }

    [Fact]
    public void AnAnnouncedDeviceIsNeverForgottenWhileOthersSilentPastTheIdleTimeoutAre()
    {
        var traffic = new ObservedTraffic(new TrafficObserverOptions { ReportQuietDevices = true, DeviceIdleTimeout = TimeSpan.FromMinutes(1) });
        traffic.Observer.Announce(Host(Device));
        traffic.Udp(1.0, Device, 40000, Remote, 123, new byte[48]);
        traffic.Udp(1.0, Other, 40000, Remote, 123, new byte[48]);
        for (var seconds = 15; seconds <= 600; seconds += 10)
        {
            traffic.AdvanceTo(seconds);
        }

        Assert.Equal(1, traffic.Observer.Counters.DevicesForgotten);
        Assert.NotNull(traffic.WindowOf(Device, 58));
        Assert.NotNull(traffic.WindowOf(Other, 3));
        Assert.Null(traffic.WindowOf(Other, 58));
    }

    private static DateTimeOffset Start(int index) => DateTimeOffset.FromUnixTimeMilliseconds(ObservedTraffic.OriginMicros / 1000).AddSeconds(10 * index);

    private static void AssertEmpty(ObservedTraffic traffic, params int[] windows)
    {
        foreach (var index in windows)
        {
            Assert.Equal(0, traffic.Feature(Device, index, NetworkFeature.PacketsIn) + traffic.Feature(Device, index, NetworkFeature.PacketsOut));
            Assert.Equal(0, traffic.Feature(Device, index, NetworkFeature.SessionsOpened));
        }
    }
}
