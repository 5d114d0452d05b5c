using DigitalTwin.Behaviour.Features;
using DigitalTwin.Behaviour.Packets;

namespace DigitalTwin.Behaviour.Tests.Packets;

public sealed class TrafficObserverFlowTableTests
{
    private const string Device = "10.0.0.5";

    [Fact]
    public void TheFlowCapEvictsTheLongestIdleFlows()
    {
        var traffic = new ObservedTraffic(new TrafficObserverOptions { MaxFlows = 1_000 });
        var peak = 0;
        for (var i = 0; i < 5_000; i++)
        {
            traffic.Tcp(Device, (ushort)(10_000 + i), "192.0.2.10", 443).Syn(1 + i * 0.0001);
            peak = Math.Max(peak, traffic.Observer.Counters.Flows);
        }

        Assert.Equal(4_000, traffic.Observer.Counters.FlowsEvicted);
        Assert.Equal(1_000, peak);
        Assert.Equal(1_000, traffic.Observer.Counters.PeakFlows);
        Assert.Equal(1_000, traffic.Observer.Counters.Flows);
    }

    [Fact]
    public void FlowsLeaveTheTableWhenTheirTimeoutsPass()
    {
        var traffic = new ObservedTraffic(new TrafficObserverOptions { DatagramIdleTimeout = TimeSpan.FromSeconds(30), ClosedLinger = TimeSpan.FromSeconds(2) });
        traffic.Udp(1, Device, 5000, "192.0.2.1", 123, new byte[48]);
        traffic.Tcp(Device, 50000, "192.0.2.10", 443).Handshake(1).Close(2);
        traffic.Udp(3, Device, 5000, "192.0.2.1", 123, new byte[48]);
        Assert.Equal(2, traffic.Observer.Counters.Flows);

        traffic.AdvanceTo(5);
        Assert.Equal(1, traffic.Observer.Counters.Flows);

        traffic.AdvanceTo(34);
        Assert.Equal(0, traffic.Observer.Counters.Flows);
        Assert.Equal(0, traffic.Observer.Counters.FlowsEvicted);
        traffic.Udp(45, Device, 5001, "192.0.2.1", 123, new byte[48]);
        traffic.Complete();

        // The connection ended when its linger passed (4.02 s), to its last ACK. The UDP flow ended when its idle timeout
        // ran out (33 s), in a window the device was silent in: that made no window, and its duration (2 s) counts in the
        // device's next one beside the last flow's (0 s, one packet, ended by the end of the traffic).
        Assert.Equal(1.02, traffic.Feature(Device, 0, NetworkFeature.SessionDurationMean), 6);
        Assert.Null(traffic.WindowOf(Device, 3));
        Assert.Equal(1, traffic.Feature(Device, 4, NetworkFeature.SessionDurationMean), 6);
    }

    [Fact]
    public void FragmentsOfADatagramAreItsPacketsNotAnotherSession()
    {
        // A 2,960-byte UDP datagram in three IPv4 fragments (1,480 bytes each after the first's UDP header).
        var udp = Frames.Udp(40000, 5683, new byte[2952]);
        var traffic = new ObservedTraffic();
        traffic.Packet(1.0, Frames.IPv4(Device, "192.0.2.1", 17, udp[..1480], fragmentOffset: 0, moreFragments: true));
        traffic.Packet(1.0, Frames.IPv4(Device, "192.0.2.1", 17, udp[1480..2960], fragmentOffset: 185, moreFragments: false));
        traffic.Packet(1.1, Frames.IPv6("fd00::5", "2001:db8::1", 17, new byte[200], Frames.Fragment(185, more: false)));
        Assert.Equal(1, traffic.Observer.Counters.Flows);
        traffic.Complete();

        Assert.Equal(1, traffic.Feature(Device, 0, NetworkFeature.SessionsOpened));
        Assert.Equal(2, traffic.Feature(Device, 0, NetworkFeature.PacketsOut));
        Assert.Equal(2960, traffic.Feature(Device, 0, NetworkFeature.BytesOut));
        Assert.Equal(1, traffic.Feature(Device, 0, NetworkFeature.DistinctDestinationPorts));
        Assert.Equal(0, traffic.Feature("fd00::5", 0, NetworkFeature.SessionsOpened));
        Assert.Equal(1, traffic.Feature("fd00::5", 0, NetworkFeature.PacketsOut));
    }

    [Fact]
    public void OutOfOrderPacketsCountAtTheLatestTime()
    {
        var traffic = new ObservedTraffic();
        traffic.Udp(12.5, Device, 5000, "192.0.2.1", 123, new byte[48]);
        traffic.Udp(9.5, Device, 5000, "192.0.2.1", 123, new byte[48]);
        traffic.Udp(12.6, Device, 5000, "192.0.2.1", 123, new byte[48]);
        traffic.Complete();

        Assert.Equal(1, traffic.Observer.Counters.PacketsOutOfOrder);
        Assert.Null(traffic.WindowOf(Device, 0));
        Assert.Equal(3, traffic.Feature(Device, 1, NetworkFeature.PacketsOut));
        Assert.Equal(3, traffic.Feature(Device, 1, NetworkFeature.PacketRatePeak)); // all three in the second from 12 s
        Assert.Equal(3, traffic.Observer.Counters.Packets);
    }

    [Fact]
    public void WindowsAreAlignedToMultiplesOfTheirLength()
    {
        var traffic = new ObservedTraffic(new TrafficObserverOptions { Window = TimeSpan.FromSeconds(60) });
        traffic.Udp(61.5, Device, 5000, "192.0.2.1", 123, new byte[48]);
        traffic.Udp(119.9, Device, 5000, "192.0.2.1", 123, new byte[48]);
        traffic.Udp(120.0, Device, 5000, "192.0.2.1", 123, new byte[48]);
        traffic.Complete();

        Assert.Equal(2, traffic.Windows.Count);
        Assert.Equal(2, traffic.WindowOf(Device, 1, windowSeconds: 60)![NetworkFeature.PacketsOut]);
        Assert.Equal(1, traffic.WindowOf(Device, 2, windowSeconds: 60)![NetworkFeature.PacketsOut]);
        Assert.All(traffic.Windows, w => Assert.Equal(60, w.Window.Seconds));
        Assert.Equal(2, traffic.Observer.Counters.WindowsBuilt);
    }
}
