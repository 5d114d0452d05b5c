using DigitalTwin.Behaviour.Traffic;

namespace DigitalTwin.DeviceSimulator.Traffic;

/// <summary>
/// Command-and-control beaconing: a check-in every <c>period</c> seconds, each sleep shortened by a random share up
/// to <c>jitter</c> (Cobalt Strike's convention: jitter 0.2 on 45 s gives 36–45 s). How it checks in is the
/// <c>protocol</c>: <c>https</c>, a short TLS session to one external address (the name resolved once);
/// <c>http</c>, the same in plain HTTP on port 80 or 8080; <c>dns</c>, a query for a fresh name under the C2 zone whose
/// answer carries the tasking. Check-in sizes are the episode's own (a few hundred bytes to a few kB) and vary ±20%.
/// </summary>
public sealed class Beacon : IAnomalyInjector
{
    private readonly AnomalyParameters _parameters;
    private readonly uint _server;
    private readonly DomainName _name;
    private readonly string _protocol;
    private readonly ushort _port;
    private readonly double _requestBytes;
    private readonly double _responseBytes;
    private double _next = double.NaN;

    public Beacon(AnomalyParameters parameters, uint server, DomainName name, Xoshiro256 random)
    {
        _parameters = parameters;
        _server = server;
        _name = name;
        _protocol = parameters.Variant(AnomalyVariants.Protocol) ?? "https";
        _port = _protocol == "http" && random.Chance(0.5) ? (ushort)8080 : _protocol == "http" ? (ushort)80 : (ushort)443;
        _requestBytes = Math.Exp(random.Uniform(Math.Log(300), Math.Log(2_000)));
        _responseBytes = Math.Exp(random.Uniform(Math.Log(200), Math.Log(4_000)));
    }

    public void AddTo(TrafficWindow window, double from, double to, double intensity)
    {
        var random = window.Random;
        if (double.IsNaN(_next))
        {
            _next = window.StartSeconds + from;
            if (_protocol != "dns")
            {
                window.Lookup(from, _name, nxDomain: false);
            }
        }

        while (_next < window.StartSeconds + to)
        {
            var offset = Math.Max(from, _next - window.StartSeconds);
            var bytesOut = (long)(_requestBytes * random.Uniform(0.8, 1.2));
            var bytesIn = (long)(_responseBytes * random.Uniform(0.8, 1.2));
            if (_protocol == "dns")
            {
                // The implant's id and a counter, hex-encoded, as the first label: every check-in asks a new name.
                var label = random.NextUInt64().ToString("x12")[..12];
                window.Lookup(offset, new DomainName($"{label}.{_name.Text}"), nxDomain: false, answerBytes: (int)Math.Min(bytesIn, 512));
            }
            else
            {
                window.AddShortSession(
                    offset, TransportProtocol.Tcp, _server, _port, random.Uniform(0.3, 0.9), 3 + (int)(bytesOut / 700), 3 + (int)(bytesIn / 900),
                    bytesOut, bytesIn, 120, random.Uniform(60, 140),
                    tls: _protocol == "http" ? TlsOutcome.None : TlsOutcome.Completed, serverName: _protocol == "http" ? null : _name);
            }

            _next += _parameters.Period * (1 - _parameters.Jitter * random.NextDouble());
        }
    }
}
