namespace DigitalTwin.DeviceSimulator.Traffic;

/// <summary>
/// A gateway that doubles as the site's management host runs an asset-discovery port scan of its LAN about every
/// <paramref name="periodHours"/> hours, as inventory and vulnerability tools do: 20–100 live hosts, the 300 most common
/// TCP ports each, connect scans (no raw sockets) at 50–1,000 probes a second (tools tuned for speed run as fast as
/// nmap's T5). Closed ports answer with a reset; 2–25%
/// are filtered by the hosts' firewalls (unanswered, the SYN sent again); open ones are connected and reset at once.
/// The same signature as an attacker's fast port scan, from a device whose job it is.
/// </summary>
internal sealed class AssetDiscoveryScan(double periodHours) : ITrafficSource
{
    private const int Ports = 300;

    private static readonly ushort[] CommonPorts = CommonTcpPorts();

    private double _next = double.NaN;
    private double _end = double.NaN;
    private double _rate, _filtered;
    private int _hosts, _host, _port;
    private byte _subnet;

    public void AddTo(TrafficWindow window)
    {
        var random = window.Random;
        if (double.IsNaN(_next))
        {
            _next = window.StartSeconds + random.Uniform(0, periodHours * 3_600);
        }

        if (double.IsNaN(_end) && _next < window.EndSeconds)
        {
            _rate = Math.Exp(random.Uniform(Math.Log(50), Math.Log(1_000)));
            _filtered = random.Uniform(0.02, 0.25);
            _hosts = 20 + random.NextInt(81);
            _host = _port = 0;
            _subnet = (byte)random.NextInt(4);
            _end = _next + _hosts * CommonPorts.Length / _rate;
        }

        if (double.IsNaN(_end))
        {
            return;
        }

        var from = Math.Max(0, _next - window.StartSeconds);
        var to = Math.Min(window.Seconds, _end - window.StartSeconds);
        for (var at = from; at < to && _host < _hosts; at += 1 / _rate)
        {
            var host = Endpoint.Ip(10, 0, _subnet, (byte)(20 + _host * 3));
            var port = CommonPorts[_port];
            var roundTrip = random.Uniform(0.3, 2);
            if (random.Chance(_filtered))
            {
                window.Attempt(at, host, port, double.NaN);
            }
            else if (port is 22 or 80 or 443 or 8883 || random.Chance(0.01))
            {
                var connection = window.Connect(at, host, port, roundTrip);
                window.Close(connection, at + roundTrip / 1000 + 0.001, reset: true);
            }
            else
            {
                window.Attempt(at, host, port, roundTrip);
            }

            if (++_port == CommonPorts.Length)
            {
                _port = 0;
                _host++;
            }
        }

        if (_end <= window.EndSeconds)
        {
            _next = _end + periodHours * 3_600 * random.Uniform(0.8, 1.2);
            _end = double.NaN;
        }
    }

    private static ushort[] CommonTcpPorts()
    {
        ushort[] wellKnown = [21, 22, 23, 25, 53, 80, 110, 111, 135, 139, 143, 161, 389, 443, 445, 502, 554, 587, 631, 993, 995, 1433, 1723, 1883, 3306, 3389, 4840, 5000, 5432, 5900, 8000, 8080, 8443, 8883, 9100];
        var ports = new List<ushort>(wellKnown);
        for (ushort p = 1024; ports.Count < Ports; p += 97)
        {
            if (!ports.Contains(p))
            {
                ports.Add(p);
            }
        }

        return [.. ports];
    }
}
