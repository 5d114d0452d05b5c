using DigitalTwin.Behaviour.Traffic;

namespace DigitalTwin.DeviceSimulator.Traffic;

/// <summary>
/// A TCP SYN scan from the device: <c>rate</c> probes a second (nmap's T3/T4 pace by default) through the first
/// 1,024 ports in a shuffled order, host after host on its subnet. Closed ports answer with a reset, filtered ones
/// not at all (both count as failed connections); a few are open.
/// </summary>
public sealed class PortScan(AnomalyParameters parameters, uint firstHost, Xoshiro256 random) : IAnomalyInjector
{
    private const int PortsPerHost = 1_024;
    private const int MaxProbesPerWindow = 20_000;

    private readonly ushort[] _ports = Shuffled(random);
    private int _cursor;
    private uint _host;

    public void AddTo(TrafficWindow window, double from, double to, double intensity)
    {
        var probes = Math.Min(MaxProbesPerWindow, window.Random.Poisson(parameters.Rate * intensity * (to - from)));
        var step = (to - from) / Math.Max(1, probes);
        for (var i = 0; i < probes; i++)
        {
            var port = _ports[_cursor];
            if (++_cursor == _ports.Length)
            {
                _cursor = 0;
                _host++;
            }

            var open = port is 22 or 80 or 443;
            var filtered = !open && port % 7 == 0;
            window.AddShortSession(
                from + i * step, TransportProtocol.Tcp, firstHost + _host, port, open ? 0.01 : filtered ? 1 : 0.005,
                open ? 2 : 1, filtered ? 0 : 1, 0, 0, 0, filtered ? double.NaN : 1.5, failed: !open);
        }
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
