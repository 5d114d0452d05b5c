using DigitalTwin.Behaviour.Traffic;

namespace DigitalTwin.DeviceSimulator.Traffic;

/// <summary>
/// The management host's asset inventory reaching this device in each site-wide sweep
/// (<see cref="NetworkEvents.NextInventorySweep"/>), <paramref name="offsetInSweep"/> seconds after the sweep starts:
/// a ping, a TCP connect probe of a dozen well-known ports — the device answers SYN-ACK on its
/// <paramref name="openPorts"/> (the scanner then resets) and refuses the rest with a reset — and an SNMP query that
/// the device answers, or rejects with an ICMP port unreachable when it runs no agent. A benign, inbound, low-volume
/// cousin of a port scan. Once a day (the sweep after midnight UTC) the vulnerability scanner goes further and
/// connect-scans the device's first <see cref="FullSweepPorts"/> ports at 100–300 probes a second: the device refuses
/// each closed one with a reset, hundreds a second, as a flood's victim or an answered flood's sender does.
/// </summary>
internal sealed class InventoryScan(NetworkEvents events, IReadOnlyCollection<ushort> openPorts, double offsetInSweep, bool snmp) : ITrafficSource
{
    /// <summary>The TCP ports the inventory probes.</summary>
    public static readonly ushort[] ProbedPorts = [22, 23, 80, 443, 502, 554, 1883, 4840, 8080, 8443, 8883, 9100];

    /// <summary>Ports of the daily full sweep: 1 up to this.</summary>
    public const int FullSweepPorts = 1_000;

    private double _next = double.NaN;

    public void AddTo(TrafficWindow window)
    {
        var random = window.Random;
        if (double.IsNaN(_next))
        {
            _next = events.NextInventorySweep(window.StartSeconds - offsetInSweep) + offsetInSweep;
        }

        while (_next < window.EndSeconds)
        {
            var at = _next - window.StartSeconds;
            var manager = NetworkEvents.ManagementHost;
            window.Datagrams(at, 0, TransportProtocol.Icmp, manager, 0, 1, 1, 64, 64, 0, outbound: false);
            foreach (var port in ProbedPorts)
            {
                at += random.Uniform(0.01, 0.05);
                if (openPorts.Contains(port))
                {
                    var probe = window.Accept(at, manager, port, random.Uniform(0.3, 1));
                    window.Reset(probe, at + 0.002);
                }
                else
                {
                    window.Refuse(at, manager, port, 0.3);
                }
            }

            at += 0.05;
            if (snmp)
            {
                window.Datagrams(at, 0, TransportProtocol.Udp, manager, 161, 1, 1, 220, 90, 0, outbound: false);
            }
            else
            {
                window.Datagrams(at, 0, TransportProtocol.Udp, manager, 161, 0, 1, 0, 90, 0, outbound: false);
                window.Datagrams(at + 0.001, 0, TransportProtocol.Icmp, manager, 0, 1, 0, 36 + 90, 0, 0);
            }

            if (_next % 86_400 < 6 * 3_600)
            {
                FullSweep(window, at + 0.1);
            }

            _next = events.NextInventorySweep(_next + 1) + offsetInSweep;
        }
    }

    private void FullSweep(TrafficWindow window, double at)
    {
        var random = window.Random;
        var manager = NetworkEvents.ManagementHost;
        var gap = 1 / random.Uniform(100, 300);
        for (var port = (ushort)1; port <= FullSweepPorts; port++, at += gap)
        {
            if (openPorts.Contains(port))
            {
                var probe = window.Accept(at, manager, port, random.Uniform(0.3, 1));
                window.Reset(probe, at + 0.002);
            }
            else
            {
                window.Refuse(at, manager, port, 0.3);
            }
        }
    }
}
