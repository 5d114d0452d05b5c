using DigitalTwin.Behaviour.Traffic;

namespace DigitalTwin.DeviceSimulator.Traffic;

/// <summary>
/// Multicast housekeeping of a device that takes part in discovery: IGMP membership (the router's general query every
/// 125 s and the device's report a few seconds later; a <paramref name="querier"/> sends the queries itself) and, when
/// <paramref name="ssdpPeriodSeconds"/> is positive, SSDP NOTIFY bursts to 239.255.255.250:1900 (one per advertised
/// service). Benign other-protocol (IGMP) packets and multicast UDP.
/// </summary>
internal sealed class DiscoveryAnnouncements(bool querier, double ssdpPeriodSeconds, int ssdpPackets) : ITrafficSource
{
    /// <summary>IGMP's default query interval.</summary>
    public const double QueryIntervalSeconds = 125;

    private const byte Igmp = 2;
    private static readonly uint Router = Endpoint.Ip(10, 0, 0, 1);
    private static readonly uint AllHosts = Endpoint.Ip(224, 0, 0, 1);
    private static readonly uint SsdpGroup = Endpoint.Ip(239, 255, 255, 250);

    private double _nextQuery = double.NaN, _nextNotify = double.NaN;

    public void AddTo(TrafficWindow window)
    {
        var random = window.Random;
        if (double.IsNaN(_nextQuery))
        {
            _nextQuery = window.StartSeconds + random.Uniform(0, QueryIntervalSeconds);
            _nextNotify = ssdpPeriodSeconds > 0 ? window.StartSeconds + random.Uniform(0, ssdpPeriodSeconds) : double.PositiveInfinity;
        }

        while (_nextQuery < window.EndSeconds)
        {
            var at = _nextQuery - window.StartSeconds;
            if (querier)
            {
                window.Datagrams(at, 0, TransportProtocol.Other, AllHosts, 0, 1, 0, 12, 0, 0, ipProtocol: Igmp);
            }
            else
            {
                // Hosts answer a general query after a random delay up to its 10 s maximum response time.
                window.Datagrams(at, 0, TransportProtocol.Other, Router, 0, 0, 1, 0, 12, 0, outbound: false, ipProtocol: Igmp);
                window.Datagrams(at + random.Uniform(0.1, 10), 0, TransportProtocol.Other, SsdpGroup, 0, 1, 0, 16, 0, 0, ipProtocol: Igmp);
            }

            _nextQuery += QueryIntervalSeconds;
        }

        while (_nextNotify < window.EndSeconds)
        {
            window.Datagrams(_nextNotify - window.StartSeconds, 0.1, TransportProtocol.Udp, SsdpGroup, 1900, ssdpPackets, 0, ssdpPackets * 340L, 0, 25);
            _nextNotify += ssdpPeriodSeconds * random.Uniform(0.9, 1.1);
        }
    }
}
