using DigitalTwin.Behaviour.Traffic;

namespace DigitalTwin.DeviceSimulator.Traffic;

/// <summary>
/// A gateway's site-to-site tunnel to headquarters: IP protocol 47 (GRE, with a keepalive both ways every 10 s) or 50
/// (IPsec ESP, rekeyed over IKE on UDP 500 every 8 h), carrying bursts of encapsulated traffic that follow the load
/// (<paramref name="burstsPerHour"/> on average). Benign other-protocol packets.
/// </summary>
internal sealed class VpnTunnel(uint peer, byte ipProtocol, double burstsPerHour) : ITrafficSource
{
    public const byte Gre = 47, Esp = 50;

    private const double KeepaliveSeconds = 10, RekeySeconds = 8 * 3_600;

    private double _nextKeepalive = double.NaN, _nextRekey = double.NaN;

    public void AddTo(TrafficWindow window)
    {
        var random = window.Random;
        if (double.IsNaN(_nextKeepalive))
        {
            _nextKeepalive = window.StartSeconds + random.Uniform(0, KeepaliveSeconds);
            _nextRekey = window.StartSeconds + random.Uniform(0, RekeySeconds);
        }

        while (ipProtocol == Gre && _nextKeepalive < window.EndSeconds)
        {
            window.Datagrams(_nextKeepalive - window.StartSeconds, 0, TransportProtocol.Other, peer, 0, 1, 1, 24, 24, 0, ipProtocol: Gre);
            _nextKeepalive += KeepaliveSeconds;
        }

        while (ipProtocol == Esp && _nextRekey < window.EndSeconds)
        {
            window.Datagrams(_nextRekey - window.StartSeconds, 0.2, TransportProtocol.Udp, peer, 500, 2, 2, 2 * 420, 2 * 380, 60);
            _nextRekey += RekeySeconds;
        }

        var bursts = random.Poisson(burstsPerHour * window.Load * window.Seconds / 3_600);
        for (var i = 0; i < bursts; i++)
        {
            var packetsOut = 5 + random.Poisson(30);
            var packetsIn = 5 + random.Poisson(40);
            window.Datagrams(
                random.Uniform(0, window.Seconds), random.Uniform(0.5, 4), TransportProtocol.Other, peer, 0, packetsOut, packetsIn,
                (long)(packetsOut * random.Uniform(150, 600)), (long)(packetsIn * random.Uniform(400, 1_300)), 350, ipProtocol: ipProtocol);
        }
    }
}
