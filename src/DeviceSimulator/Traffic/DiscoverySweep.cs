using DigitalTwin.Behaviour.Traffic;

namespace DigitalTwin.DeviceSimulator.Traffic;

/// <summary>
/// A gateway (a home-automation hub, a controller) looking for devices now and then, <paramref name="perDay"/> times a
/// day on average following the load: an SSDP M-SEARCH and an mDNS query, answered within the 3 s the search allows by
/// 15–60 LAN hosts, each with a short unicast reply. Many LAN addresses in one window, all short UDP: benign breadth.
/// </summary>
internal sealed class DiscoverySweep(double perDay) : ITrafficSource
{
    private static readonly uint SsdpGroup = Endpoint.Ip(239, 255, 255, 250);
    private static readonly uint MdnsGroup = Endpoint.Ip(224, 0, 0, 251);

    public void AddTo(TrafficWindow window)
    {
        var random = window.Random;
        if (!random.Chance(perDay * window.Load * window.Seconds / 86_400))
        {
            return;
        }

        var at = random.Uniform(0, window.Seconds);
        window.Datagrams(at, 0.2, TransportProtocol.Udp, SsdpGroup, 1900, 2, 0, 2 * 130, 0, 5);
        window.Datagrams(at + 0.01, 0, TransportProtocol.Udp, MdnsGroup, 5353, 1, 0, 60, 0, 0);
        var responders = 15 + random.NextInt(46);
        for (var i = 0; i < responders; i++)
        {
            var host = Endpoint.Ip(10, 0, (byte)random.NextInt(4), (byte)(20 + random.NextInt(200)));
            window.Datagrams(at + random.Uniform(0.05, 3), 0, TransportProtocol.Udp, host, 1900, 0, 1, 0, (long)random.Uniform(250, 420), 0, outbound: false);
        }
    }
}
