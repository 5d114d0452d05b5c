using DigitalTwin.Behaviour.Traffic;

namespace DigitalTwin.DeviceSimulator.Traffic;

/// <summary>
/// A TCP SYN scan from the device, one probe every 1/<c>rate</c> seconds as nmap paces them (T0 waits 5 min between
/// probes, T5 sends a thousand a second). Its <c>targets</c>: one <c>host</c>'s ports in a shuffled order, a
/// <c>subnet</c> host after host through ports 1–1,024, or a <c>sweep</c> of a few service ports across the subnet's
/// hosts. Closed ports answer with a reset, filtered ports and absent hosts not at all (both count as failed
/// connections); an open port answers SYN-ACK and the scanner resets it instead of acknowledging, as a SYN scan does.
/// </summary>
public sealed class PortScan : IAnomalyInjector
{
    private const int PortsPerHost = 1_024;
    private const int MaxProbesPerWindow = 20_000;

    // The ports a sweep asks each host for: remote access, web, industrial and IoT services.
    private static readonly ushort[] SweepPorts = [22, 23, 80, 443, 502, 554, 1883, 8080, 8883, 3389];

    private readonly AnomalyParameters _parameters;
    private readonly uint _firstHost;
    private readonly string _targets;
    private readonly ushort[] _ports;
    private double _next = double.NaN;
    private int _cursor;
    private uint _round;

    public PortScan(AnomalyParameters parameters, uint firstHost, Xoshiro256 random)
    {
        _parameters = parameters;
        _firstHost = firstHost;
        _targets = parameters.Variant(AnomalyVariants.Targets) ?? "subnet";
        _ports = _targets == "sweep" ? SweepPorts : Shuffled(random);
    }

    public void AddTo(TrafficWindow window, double from, double to, double intensity)
    {
        var step = 1 / Math.Max(1e-9, _parameters.Rate * intensity);
        if (double.IsNaN(_next))
        {
            _next = window.StartSeconds + from;
        }

        var probes = 0;
        for (; _next < window.StartSeconds + to; _next += step)
        {
            if (++probes > MaxProbesPerWindow)
            {
                _next = window.StartSeconds + to;
                break;
            }

            var (host, port) = NextTarget();
            Probe(window, Math.Max(from, _next - window.StartSeconds), host, port, _targets != "sweep" || IsUp(host));
        }
    }

    private (uint Host, ushort Port) NextTarget()
    {
        // A sweep walks the hosts for one port, then the next port; the others walk a host's ports, then the next
        // host (subnet) or the next block of ports of the same host (host).
        if (_targets == "sweep")
        {
            var host = (uint)(_cursor % 254);
            var port = _ports[(int)(_round % (uint)_ports.Length)];
            if (++_cursor == 254)
            {
                _cursor = 0;
                _round++;
            }

            return (_firstHost + host, port);
        }

        var target = _targets == "host"
            ? (_firstHost, (ushort)(1 + (_ports[_cursor] - 1 + _round * PortsPerHost) % 65_535))
            : (_firstHost + _round, _ports[_cursor]);
        if (++_cursor == _ports.Length)
        {
            _cursor = 0;
            _round++;

            // nmap port-scans only the hosts its discovery found up; a sweep is that discovery, so it meets the rest.
            while (_targets == "subnet" && !IsUp(_firstHost + _round))
            {
                _round++;
            }
        }

        return target;
    }

    // Which hosts are up and which ports are open or filtered is fixed by address and port, as on a real subnet.
    private static bool IsUp(uint host) => (host & 3) != 3;

    private static void Probe(TrafficWindow window, double offset, uint host, ushort port, bool present)
    {
        var open = present && port is 22 or 80 or 443 or 502 or 1883;
        var filtered = !present || (!open && port % 7 == 0);
        if (open)
        {
            window.HalfOpen(offset, host, port, 1.5);
            return;
        }

        window.Attempt(offset, host, port, filtered ? double.NaN : 1.5);
    }

    private static ushort[] Shuffled(Xoshiro256 random)
    {
        var ports = new ushort[PortsPerHost];
        for (var i = 0; i < ports.Length; i++)
        {
            ports[i] = (ushort)(i + 1);
        }

        for (var i = ports.Length - 1; i > 0; i--)
        {
            var j = random.NextInt(i + 1);
            (ports[i], ports[j]) = (ports[j], ports[i]);
        }

        return ports;
    }
}
