using DigitalTwin.Behaviour.Packets;

namespace DigitalTwin.Behaviour.Tests.Packets;

/// <summary>A train observed in bulk gives exactly the windows — every value — of its packets observed one by one.</summary>
public sealed class TrafficObserverTrainTests
{
    private const string Device = "10.0.0.1";
    private const string Server = "10.0.0.2";
    private const string Remote = "192.0.2.10";

    [Fact]
    public void TcpDataTrainsBothWaysInAnEstablishedConnectionGiveTheWindowsOfTheirPackets() =>
        AssertSameWindows(traffic =>
        {
            traffic.Tcp(Device, 50000, Remote, 443)
                .Handshake(1.0)
                .ClientTrain(2.0, 1200, 50, 0.01)
                .ServerTrain(3.0, 400, 30, 0.02)
                .ClientData(4.0, 10)
                .ServerTrain(12.0, 1400, 200, 0.005)
                .Close(15.0);
        });

    [Fact]
    public void TcpTrainsBetweenTwoDevicesGiveBothSidesTheWindowsOfTheirPackets() =>
        AssertSameWindows(traffic =>
        {
            traffic.Udp(0.5, Server, 123, "192.0.2.1", 123, new byte[48]);
            traffic.Tcp(Device, 50000, Server, 554)
                .Handshake(1.0)
                .ServerTrain(1.5, 1100, 400, 0.02)
                .ClientData(9.9, 20);
        });

    [Fact]
    public void UdpTrainsEachWayGiveTheWindowsOfTheirPackets() =>
        AssertSameWindows(traffic =>
        {
            traffic.Train(1.0, ObservedTraffic.Ip(Device, Remote, 17, Frames.Udp(40000, 5004, new byte[1300])), 100, 0.005);
            traffic.Train(2.0, ObservedTraffic.Ip(Remote, Device, 17, Frames.Udp(5004, 40000, new byte[200])), 20, 0.05);
            traffic.Train(25.0, ObservedTraffic.Ip(Device, Remote, 17, Frames.Udp(40001, 5004, new byte[1300])), 3, 1);
        });

    [Fact]
    public void IcmpTrainsGiveTheWindowsOfTheirPackets() =>
        AssertSameWindows(traffic =>
        {
            traffic.Train(1.0, ObservedTraffic.Ip(Device, Remote, 1, Frames.IcmpEcho()), 10, 0.5);
            traffic.Train(6.0, ObservedTraffic.Ip(Remote, Device, 1, Frames.IcmpEcho()), 6, 0.7);
        });

    [Theory]
    [InlineData(0.7, 0.1, 4)] // the last packet falls exactly on the next slot's start
    [InlineData(0.3, 0.1, 8)]
    [InlineData(2.9, 0.3, 11)]
    [InlineData(0.25, 0.25, 36)]
    [InlineData(1.000001, 0.000999, 3000)]
    [InlineData(0.0, 0.7, 14)]
    [InlineData(5.5, 0, 40)] // all at once
    public void ATrainCrossingOneSecondSlotsHasThePeakRateOfItsPackets(double start, double interval, int count) =>
        AssertSameWindows(traffic =>
            traffic.Train(start, ObservedTraffic.Ip(Device, Remote, 17, Frames.Udp(40000, 5004, new byte[100])), count, interval));

    [Fact]
    public void ATrainFollowedByOtherFlowsPacketsThatFallAmongItGivesTheWindowsOfThePacketsInTimeOrder()
    {
        var options = new TrafficObserverOptions { DatagramIdleTimeout = TimeSpan.FromSeconds(25) };
        var train = ObservedTraffic.Ip(Device, Remote, 17, Frames.Udp(40000, 5004, new byte[1000]));
        var others = new (double Seconds, byte[] Packet)[]
        {
            (1.5, ObservedTraffic.Ip(Device, "192.0.2.20", 17, Frames.Udp(40002, 123, new byte[48]))),
            (2.5, ObservedTraffic.Ip("192.0.2.20", Device, 17, Frames.Udp(123, 40002, new byte[48]))),
            (4.25, ObservedTraffic.Ip(Device, "192.0.2.30", 1, Frames.IcmpEcho())),
        };

        var inBulk = new ObservedTraffic(options) { TrainsInBulk = true };
        inBulk.Train(1.0, train, 9, 1.0);
        foreach (var (seconds, packet) in others)
        {
            inBulk.Packet(seconds, packet);
        }

        var oneByOne = new ObservedTraffic(options);
        var packets = Enumerable.Range(0, 9).Select(i => (Seconds: 1.0 + i, Packet: train)).Concat(others).OrderBy(p => p.Seconds);
        foreach (var (seconds, packet) in packets)
        {
            oneByOne.Packet(seconds, packet);
        }

        // The short flows time out in window 2, the train's flow in window 3, where the device also sends.
        foreach (var traffic in new[] { inBulk, oneByOne })
        {
            traffic.Udp(33.0, Device, 40003, Remote, 9999, new byte[10]);
            traffic.Udp(36.0, Device, 40003, Remote, 9999, new byte[10]);
            traffic.Complete();
        }

        AssertEqualWindows(oneByOne, inBulk);
    }

    private static void AssertSameWindows(Action<ObservedTraffic> scenario)
    {
        var oneByOne = new ObservedTraffic();
        var inBulk = new ObservedTraffic { TrainsInBulk = true };
        foreach (var traffic in new[] { oneByOne, inBulk })
        {
            scenario(traffic);
            traffic.Complete();
        }

        AssertEqualWindows(oneByOne, inBulk);
    }

    private static void AssertEqualWindows(ObservedTraffic expected, ObservedTraffic actual)
    {
        Assert.NotEmpty(expected.Windows);
        Assert.Equal(expected.Windows.Select(w => (w.Host, w.Window.Start)), actual.Windows.Select(w => (w.Host, w.Window.Start)));
        for (var i = 0; i < expected.Windows.Count; i++)
        {
            Assert.Equal(expected.Windows[i].Window.Values, actual.Windows[i].Window.Values);
        }
    }
}
