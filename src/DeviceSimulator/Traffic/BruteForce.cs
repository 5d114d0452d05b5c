using DigitalTwin.Behaviour.Traffic;

namespace DigitalTwin.DeviceSimulator.Traffic;

/// <summary>
/// Repeated failed logins against one service over TLS: each attempt is a new connection whose handshake or
/// authentication fails and is reset, and some attempts are refused outright once the target rate-limits.
/// </summary>
public sealed class BruteForce(AnomalyParameters parameters, uint target) : IAnomalyInjector
{
    public void AddTo(TrafficWindow window, double from, double to, double intensity)
    {
        var random = window.Random;
        var attempts = random.Poisson(parameters.Rate * intensity * (to - from));
        for (var i = 0; i < attempts; i++)
        {
            var refused = random.Chance(0.3);
            window.AddShortSession(
                random.Uniform(from, to), TransportProtocol.Tcp, target, 8883, refused ? 0.01 : random.Uniform(0.2, 0.6),
                refused ? 1 : 6, refused ? 1 : 5, refused ? 0 : 900, refused ? 0 : 2_600, 250, random.Uniform(3, 10),
                failed: true, tls: refused ? TlsOutcome.None : TlsOutcome.Failed);
        }
    }
}
