using DigitalTwin.Behaviour.Traffic;

namespace DigitalTwin.DeviceSimulator.Traffic;

/// <summary>
/// Command-and-control beaconing: a short TLS check-in to one external address every <c>period</c> seconds, each
/// sleep shortened by a random share up to <c>jitter</c> (Cobalt Strike's convention: jitter 0.2 on 45 s gives 36–45 s).
/// The name is resolved once; later check-ins go straight to the address. Inter-arrival mean sits near the period and
/// its coefficient of variation stays low.
/// </summary>
public sealed class Beacon(AnomalyParameters parameters, uint server, DomainName name) : IAnomalyInjector
{
    private double _next = double.NaN;

    public void AddTo(TrafficWindow window, double from, double to, double intensity)
    {
        var random = window.Random;
        if (double.IsNaN(_next))
        {
            _next = window.StartSeconds + from;
            window.Lookup(from, name, nxDomain: false);
        }

        while (_next < window.StartSeconds + to)
        {
            var offset = Math.Max(from, _next - window.StartSeconds);
            window.AddShortSession(
                offset, TransportProtocol.Tcp, server, 443, random.Uniform(0.3, 0.9), 8, 7,
                (long)random.Uniform(500, 700), (long)random.Uniform(300, 500), 120, random.Uniform(60, 140), tls: TlsOutcome.Completed, serverName: name);
            _next += parameters.Period * (1 - parameters.Jitter * random.NextDouble());
        }
    }
}
