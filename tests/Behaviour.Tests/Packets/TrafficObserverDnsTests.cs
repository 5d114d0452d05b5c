using DigitalTwin.Behaviour.Features;
using DigitalTwin.Behaviour.Traffic;
using static DigitalTwin.Behaviour.Tests.Packets.Frames;

namespace DigitalTwin.Behaviour.Tests.Packets;

public sealed class TrafficObserverDnsTests
{
    private const string Device = "10.0.0.5";
    private const string Resolver = "192.0.2.53";

    [Fact]
    public void QueriesAndAnNxDomainAnswerGiveTheDnsFeatures()
    {
        string[] names = ["time.example.org", "TIME.example.org", "x7k2q9zz.example.org"];
        var traffic = new ObservedTraffic();
        for (var i = 0; i < names.Length; i++)
        {
            traffic.Udp(1 + i, Device, (ushort)(40000 + i), Resolver, 53, DnsQuery((ushort)i, names[i]));
        }

        traffic.Udp(1.05, Resolver, 53, Device, 40000, DnsResponse(0, names[0], responseCode: 0));
        traffic.Udp(3.05, Resolver, 53, Device, 40002, DnsResponse(2, names[2], responseCode: 3));
        traffic.Complete();

        Assert.Equal(0.3, traffic.Feature(Device, 0, NetworkFeature.DnsQueryRate), 9);
        Assert.Equal(1 / 3.0, traffic.Feature(Device, 0, NetworkFeature.DnsNxdomainRatio), 9);
        Assert.Equal(2, traffic.Feature(Device, 0, NetworkFeature.DnsUniqueNames));
        Assert.Equal(names.Average(n => n.Length), traffic.Feature(Device, 0, NetworkFeature.DnsNameLengthMean), 9);
        Assert.Equal(names.Average(n => DnsName.Of(n.ToLowerInvariant()).Entropy), traffic.Feature(Device, 0, NetworkFeature.DnsNameEntropyMean), 9);
        Assert.Equal(1, traffic.Feature(Device, 0, NetworkFeature.DistinctDestinationPorts));
        Assert.Equal(3, traffic.Feature(Device, 0, NetworkFeature.SessionsOpened));
    }

    [Fact]
    public void QueriesTheDeviceAnswersAreNotItsOwn()
    {
        // A device running a resolver: queries it receives and answers it sends are no queries of its own.
        var traffic = new ObservedTraffic();
        traffic.Udp(0.5, Device, 123, "192.0.2.1", 123, new byte[48]);
        traffic.Udp(1, "198.51.100.7", 40000, Device, 53, DnsQuery(1, "printer.example.org"));
        traffic.Udp(1.01, Device, 53, "198.51.100.7", 40000, DnsResponse(1, "printer.example.org", responseCode: 3));
        traffic.Complete();

        Assert.Equal(0, traffic.Feature(Device, 0, NetworkFeature.DnsQueryRate));
        Assert.Equal(0, traffic.Feature(Device, 0, NetworkFeature.DnsNxdomainRatio));
    }
}
