using DigitalTwin.Behaviour.Traffic;

namespace DigitalTwin.DeviceSimulator.Traffic;

/// <summary>
/// A connection flood: <c>rate</c> new connections a second to one external service. <c>answered</c>: the target
/// answers every SYN, and the flooder resets most connections right after the SYN-ACK (the rest complete a tiny
/// request and close); unanswered: a saturated or dropping target lets the SYNs go unanswered, each sent again after
/// 1 s and 3 s. Sessions opened and SYNs sent soar either way.
/// </summary>
public sealed class ConnectionFlood(AnomalyParameters parameters, uint target, ushort port) : IAnomalyInjector
{
    // Bounds the work of one window: 2,000 attempts a second for 10 s.
    private const int MaxAttemptsPerWindow = 20_000;

    private readonly bool _answered = parameters.Variant(AnomalyVariants.Answered) == "true";

    public void AddTo(TrafficWindow window, double from, double to, double intensity)
    {
        var random = window.Random;
        var attempts = Math.Min(MaxAttemptsPerWindow, random.Poisson(parameters.Rate * intensity * (to - from)));
        for (var i = 0; i < attempts; i++)
        {
            var offset = random.Uniform(from, to);
            if (!_answered)
            {
                window.Attempt(offset, target, port, double.NaN);
                continue;
            }

            var rtt = random.Uniform(5, 50);
            var connection = window.Connect(offset, target, port, rtt);
            var established = offset + rtt / 1000 + 0.001;
            if (random.Chance(0.7))
            {
                window.Close(connection, established, reset: true);
            }
            else
            {
                window.Stream(connection, established, 0.05, 1, 1, 120, 80, 0);
                window.Close(connection, established + 0.06);
            }
        }
    }
}
