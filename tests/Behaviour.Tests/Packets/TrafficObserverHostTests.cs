using DigitalTwin.Behaviour.Features;
using DigitalTwin.Behaviour.Packets;
using static DigitalTwin.Behaviour.Tests.Packets.Frames;

namespace DigitalTwin.Behaviour.Tests.Packets;

public sealed class TrafficObserverHostTests
{
    private const string Device = "10.0.0.5";

    [Fact]
    public void ScanningASilentSubnetCreatesNoDevicesButTheScanner()
    {
        var traffic = new ObservedTraffic(new TrafficObserverOptions { ConnectTimeout = TimeSpan.FromSeconds(3) });
        for (var host = 1; host <= 254; host++)
        {
            if (host != 5)
            {
                traffic.Tcp(Device, 40000, $"10.0.0.{host}", 22).Syn(1 + host * 0.001);
            }
        }

        traffic.Udp(1.5, Device, 40001, "10.0.0.255", 9, new byte[10]);
        traffic.AdvanceTo(5);
        traffic.Complete();

        Assert.Equal(1, traffic.Observer.Counters.Devices);
        Assert.All(traffic.Windows, w => Assert.Equal(Host(Device), w.Host));
        Assert.Equal(254, traffic.Feature(Device, 0, NetworkFeature.DistinctDestinationIps));
        Assert.Equal(254, traffic.Feature(Device, 0, NetworkFeature.SessionsOpened));
        Assert.Equal(253, traffic.Feature(Device, 0, NetworkFeature.FailedConnections));
    }

    [Fact]
    public void AHostOutsideTheRuleIsARemotePeerOnly()
    {
        var traffic = new ObservedTraffic();
        traffic.Udp(1.0, "198.51.100.7", 7000, Device, 7000, new byte[20]); // received before the device first sends
        traffic.Udp(1.1, Device, 7000, "198.51.100.7", 7000, new byte[20]);
        traffic.Udp(1.2, "198.51.100.7", 7000, Device, 7000, new byte[20]);
        traffic.Complete();

        Assert.Equal(1, traffic.Observer.Counters.Devices);
        Assert.Single(traffic.Windows);
        Assert.Equal(Host(Device), traffic.Windows[0].Host);
        Assert.Equal(2, traffic.Feature(Device, 0, NetworkFeature.PacketsIn));
        Assert.Equal(1, traffic.Feature(Device, 0, NetworkFeature.PacketsOut));
    }

    [Fact]
    public void TheDeviceRuleSeesTheSendersMacAddress()
    {
        var seen = new List<ulong>();
        var observer = new TrafficObserver(new TrafficObserverOptions(), (_, mac) => { seen.Add(mac); return true; }, (_, _) => { });
        var frame = Ethernet(IPv4("192.0.2.7", "192.0.2.8", 17, Udp(1, 2, new byte[4])));
        PacketParser.TryParse(1, frame, ObservedTraffic.OriginMicros, out var headers);

        observer.Observe(headers);

        // The sender is asked with its Ethernet address, the receiver (which may answer later) without one.
        Assert.Equal([SourceMac, 0UL], seen);
        Assert.Equal(1, observer.Counters.Devices);
    }

    [Fact]
    public void DevicesBeyondTheLimitAreCountedAndLeftOut()
    {
        var traffic = new ObservedTraffic(new TrafficObserverOptions { MaxDevices = 2 });
        for (var host = 1; host <= 4; host++)
        {
            traffic.Udp(1, $"10.0.0.{host}", 5000, "192.0.2.1", 123, new byte[48]);
        }

        traffic.Complete();

        Assert.Equal(2, traffic.Observer.Counters.Devices);
        Assert.Equal(2, traffic.Observer.Counters.PacketsOfRefusedDevices);
        Assert.Equal(2, traffic.Windows.Count);
    }

    [Fact]
    public void DevicesSilentPastTheIdleTimeoutAreForgottenAndMakeRoomForNewOnes()
    {
        var traffic = new ObservedTraffic(new TrafficObserverOptions { MaxDevices = 2, DeviceIdleTimeout = TimeSpan.FromMinutes(10), DatagramIdleTimeout = TimeSpan.FromSeconds(30) });
        traffic.Udp(1, "10.0.0.1", 5000, "192.0.2.1", 123, new byte[48]);
        traffic.Udp(1, "10.0.0.2", 5000, "192.0.2.1", 123, new byte[48]);
        traffic.Udp(700, "10.0.0.3", 5000, "192.0.2.1", 123, new byte[48]);
        traffic.Udp(800, "10.0.0.4", 5000, "192.0.2.1", 123, new byte[48]);
        traffic.Complete();

        Assert.Equal(2, traffic.Observer.Counters.DevicesForgotten);
        Assert.Equal(0, traffic.Observer.Counters.PacketsOfRefusedDevices);
        Assert.Equal(4, traffic.Observer.Counters.Devices);
        Assert.Equal(1, traffic.Feature("10.0.0.4", 80, NetworkFeature.PacketsOut));
    }

    [Fact]
    public void APacketCutBeforeItsPortsCountsButOpensNoFlow()
    {
        var traffic = new ObservedTraffic();
        var frame = Ethernet(IPv4(Device, "192.0.2.1", 6, Frames.Tcp(50000, 443, 1, 0, TcpFlags.Syn, [])));
        PacketParser.TryParse(1, frame.AsSpan(0, 14 + 20 + 10), ObservedTraffic.Micros(1), out var headers);

        traffic.Observer.Observe(headers);
        traffic.Complete();

        Assert.True(headers.WithoutTransportHeader);
        Assert.Equal(0, traffic.Observer.Counters.PeakFlows);
        Assert.Equal(1, traffic.Feature(Device, 0, NetworkFeature.PacketsOut));
        Assert.Equal(0, traffic.Feature(Device, 0, NetworkFeature.SessionsOpened));
    }

    [Fact]
    public void DistinctDestinationPortsCountOnlySessionsTheDeviceStarted()
    {
        var traffic = new ObservedTraffic();
        traffic.Tcp(Device, 50000, "192.0.2.10", 443).Handshake(1.0);
        traffic.Tcp(Device, 50001, "192.0.2.10", 8883).Handshake(1.5);
        traffic.Udp(2.0, Device, 40000, "192.0.2.53", 53, DnsQuery(1, "example.org"));
        traffic.Udp(2.1, "192.0.2.53", 53, Device, 40000, DnsResponse(1, "example.org", 0));
        traffic.Packet(2.5, IPv4(Device, "192.0.2.10", 1, IcmpEcho()));
        traffic.Tcp("198.51.100.7", 41000, Device, 22).Handshake(3.0); // accepted: its remote port is no destination
        traffic.Udp(4.0, "198.51.100.8", 42000, Device, 161, new byte[30]); // an inbound datagram flow
        traffic.Udp(4.1, Device, 161, "198.51.100.8", 42000, new byte[60]);
        traffic.Complete();

        Assert.Equal(3, traffic.Feature(Device, 0, NetworkFeature.DistinctDestinationPorts));
        Assert.Equal(4, traffic.Feature(Device, 0, NetworkFeature.DistinctDestinationIps));
        Assert.Equal(1, traffic.Feature(Device, 0, NetworkFeature.ListeningPorts));
        Assert.Equal(6, traffic.Feature(Device, 0, NetworkFeature.SessionsOpened));
    }
}
