using DigitalTwin.Behaviour.Features;

namespace DigitalTwin.Behaviour.Tests.Packets;

public sealed class TrafficObserverPacketFeatureTests
{
    private const string Device = "10.0.0.5";
    private const string Peer = "192.0.2.1";

    [Fact]
    public void PeakRateIsThePacketsOfTheBusiestSecond()
    {
        var traffic = new ObservedTraffic();
        foreach (var at in new[] { 2.1, 2.5, 2.9, 7.0, 7.2, 7.4, 7.6, 7.999, 8.0 })
        {
            traffic.Udp(at, Device, 5000, Peer, 5000, new byte[10]);
        }

        traffic.Complete();

        Assert.Equal(5, traffic.Feature(Device, 0, NetworkFeature.PacketRatePeak));
        Assert.Equal(0.9, traffic.Feature(Device, 0, NetworkFeature.PacketRateMean), 9);
    }

    [Fact]
    public void PayloadSizeStatisticsComeFromTheActualSizes()
    {
        int[] sizes = [40, 100, 130, 1500, 640, 2000, 100, 64, 70, 75];
        var traffic = new ObservedTraffic();
        for (var i = 0; i < sizes.Length; i++)
        {
            // IP payload = UDP header + data; half sent, half received.
            if (i % 2 == 0)
            {
                traffic.Udp(1 + i * 0.1, Device, 5000, Peer, 5000, new byte[sizes[i] - 8]);
            }
            else
            {
                traffic.Udp(1 + i * 0.1, Peer, 5000, Device, 5000, new byte[sizes[i] - 8]);
            }
        }

        traffic.Complete();

        var mean = sizes.Average();
        var std = Math.Sqrt(sizes.Average(s => (s - mean) * (s - mean)));
        var entropy = -sizes
            .GroupBy(s => Math.Min(23, s / 64))
            .Select(g => (double)g.Count() / sizes.Length)
            .Sum(p => p * Math.Log2(p));
        Assert.Equal(mean, traffic.Feature(Device, 0, NetworkFeature.PayloadSizeMean), 9);
        Assert.Equal(std, traffic.Feature(Device, 0, NetworkFeature.PayloadSizeStd), 6);
        Assert.Equal(entropy, traffic.Feature(Device, 0, NetworkFeature.PayloadSizeEntropy), 9);
        Assert.Equal(sizes.Where((_, i) => i % 2 == 0).Sum(), traffic.Feature(Device, 0, NetworkFeature.BytesOut));
        Assert.Equal(sizes.Where((_, i) => i % 2 == 1).Sum(), traffic.Feature(Device, 0, NetworkFeature.BytesIn));
    }

    [Fact]
    public void ProtocolSharesCountPackets()
    {
        var traffic = new ObservedTraffic();
        traffic.Udp(1, Device, 5000, Peer, 5000, new byte[10]);
        traffic.Packet(1.1, ObservedTraffic.Ip(Device, Peer, 1, Frames.IcmpEcho()));
        traffic.Packet(1.2, ObservedTraffic.Ip(Device, Peer, 47, new byte[20]));
        traffic.Tcp(Device, 50000, Peer, 443).Syn(1.3);
        traffic.Complete();

        foreach (var feature in new[] { NetworkFeature.TcpRatio, NetworkFeature.UdpRatio, NetworkFeature.IcmpRatio, NetworkFeature.OtherRatio })
        {
            Assert.Equal(0.25, traffic.Feature(Device, 0, feature), 9);
        }
    }
}
