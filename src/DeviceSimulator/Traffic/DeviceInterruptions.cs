using DigitalTwin.Behaviour.Traffic;

namespace DigitalTwin.DeviceSimulator.Traffic;

/// <summary>
/// The device's own outages — reboots, Wi-Fi drops, power-offs — as Poisson processes, one interruption at a time.
/// While one lasts the device is silent: nothing of its normal traffic or of an anomaly's reaches the wire. After a
/// reboot or power-off it goes through its boot sequence: a DHCP exchange, an IGMP join when it uses multicast, a lookup
/// of every name it needs (devices with a DNS search suffix first ask for the suffixed name and get NXDOMAIN) and an NTP query.
/// Its sessions see <see cref="Current"/> and reconnect themselves. Listed first among a profile's sources, so the
/// silence is set before the others add this window's packets.
/// </summary>
internal sealed class DeviceInterruptions(
    double rebootsPerDay,
    double wifiDropsPerDay,
    double powerOffsPerDay,
    IReadOnlyList<DomainName> bootNames,
    Endpoint timeServer,
    bool multicast,
    bool searchSuffix) : ITrafficSource
{
    private static readonly uint DhcpServer = Endpoint.Ip(10, 0, 0, 1);
    private static readonly uint IgmpReports = Endpoint.Ip(224, 0, 0, 22);

    private bool _booted;

    /// <summary>The interruption under way or next to come; null when the device never goes off.</summary>
    public Interruption? Current { get; private set; }

    public void AddTo(TrafficWindow window)
    {
        var random = window.Random;
        var rate = rebootsPerDay + wifiDropsPerDay + powerOffsPerDay;
        if (rate <= 0)
        {
            return;
        }

        if (Current is null || Current.End < window.StartSeconds)
        {
            // Drawn from the window's start when the last one ended in an earlier window: a gap drawn from its end
            // could put the next one (and its boot) in a window already delivered. The gaps being exponential, the
            // wait from the window's start is the same as from the end, given nothing happened in between.
            Current = Draw(random, Math.Max(Current?.End ?? 0, window.StartSeconds) + random.Exponential(86_400 / rate), rate);
            _booted = false;
            // The device's last packets (a reboot's closes) leave before it goes quiet.
            window.Silence(Current.Start + 0.5, Current.End);
        }

        if (!_booted && Current.Boots && Current.End < window.EndSeconds)
        {
            _booted = true;
            Boot(window, Current.End - window.StartSeconds);
        }
    }

    private Interruption Draw(Xoshiro256 random, double start, double rate)
    {
        var pick = random.NextDouble() * rate;
        return pick < rebootsPerDay
            ? new Interruption(InterruptionKind.Reboot, start, start + random.Uniform(30, 120))
            : pick < rebootsPerDay + wifiDropsPerDay
                ? new Interruption(InterruptionKind.WifiDrop, start, start + random.Uniform(10, 120))
                : new Interruption(InterruptionKind.PowerOff, start, start + random.Uniform(1, 8) * 3_600);
    }

    private void Boot(TrafficWindow window, double at)
    {
        var random = window.Random;
        window.Datagrams(at, 0.05, TransportProtocol.Udp, DhcpServer, 67, 2, 2, 2 * 308, 2 * 330, 10);
        at += 0.3;
        if (multicast)
        {
            window.Datagrams(at, 0.01, TransportProtocol.Other, IgmpReports, 0, 1, 0, 16, 0, 0, ipProtocol: 2);
        }

        foreach (var name in bootNames)
        {
            at += random.Uniform(0.05, 0.4);
            if (searchSuffix)
            {
                window.Lookup(at, new DomainName(name.Text + ".lan"), nxDomain: true);
            }

            window.Lookup(at + 0.01, name, nxDomain: false);
        }

        window.Datagrams(at + 0.1, 0.05, TransportProtocol.Udp, timeServer.Address, timeServer.Port, 1, 1, 48, 48, 0);
    }
}
