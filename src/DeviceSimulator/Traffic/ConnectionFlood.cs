using DigitalTwin.Behaviour.Traffic;

namespace DigitalTwin.DeviceSimulator.Traffic;

/// <summary>
/// A connection flood: <c>rate</c> new connections a second to one service, most half-open and unanswered once the
/// target saturates, so sessions opened and failed connections soar.
/// </summary>
public sealed class ConnectionFlood(AnomalyParameters parameters, uint target) : IAnomalyInjector
{
    // Bounds the work of one window; at the default rate a window holds 1,500 attempts.
    private const int MaxAttemptsPerWindow = 20_000;

    public void AddTo(TrafficWindow window, double from, double to, double intensity)
    {
        var random = window.Random;
        var attempts = Math.Min(MaxAttemptsPerWindow, random.Poisson(parameters.Rate * intensity * (to - from)));
        for (var i = 0; i < attempts; i++)
        {
            var answered = random.Chance(0.3);
            window.AddShortSession(
                random.Uniform(from, to), TransportProtocol.Tcp, target, 80, answered ? 0.2 : 3,
                answered ? 3 : 1, answered ? 2 : 0, answered ? 120 : 0, answered ? 80 : 0, 30,
                answered ? random.Uniform(5, 50) : double.NaN, failed: !answered, retransmissions: answered ? 0 : 1);
        }
    }
}
