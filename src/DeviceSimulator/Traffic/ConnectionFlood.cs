using DigitalTwin.Behaviour.Traffic;

namespace DigitalTwin.DeviceSimulator.Traffic;

/// <summary>
/// A connection flood: <c>rate</c> new connections a second to one external service. <c>answered</c>: the target
/// answers every SYN, and the flooder resets most connections right after the SYN-ACK (the rest complete a tiny
/// request and close); unanswered: a saturated or dropping target lets the SYNs go unanswered, each sent again after
/// 1 s and 3 s. Sessions opened and SYNs sent soar either way. Like hping3, the flooder walks the whole unprivileged
/// port range in time order: at the highest rate a port comes round again after 32 s, long after its last attempt's
/// retries and timeout, so no attempt is mistaken for another's retry.
/// </summary>
public sealed class ConnectionFlood(AnomalyParameters parameters, uint target, ushort port) : IAnomalyInjector
{
    // Bounds the work of a window at 2,000 attempts a second, which keeps the port cycle above.
    private const int MaxAttemptsPerSecond = 2_000;
    private const int FirstPort = 1_024, PortCount = 65_536 - FirstPort;

    private readonly bool _answered = parameters.Variant(AnomalyVariants.Answered) == "true";
    private int _nextPort = -1;

    public void AddTo(TrafficWindow window, double from, double to, double intensity)
    {
        var random = window.Random;
        if (_nextPort < 0)
        {
            _nextPort = random.NextInt(PortCount);
        }

        var attempts = (int)Math.Min(MaxAttemptsPerSecond * (to - from), random.Poisson(parameters.Rate * intensity * (to - from)));
        var offsets = new double[attempts];
        for (var i = 0; i < attempts; i++)
        {
            offsets[i] = random.Uniform(from, to);
        }

        Array.Sort(offsets);
        foreach (var offset in offsets)
        {
            var localPort = (ushort)(FirstPort + _nextPort);
            _nextPort = (_nextPort + 1) % PortCount;
            if (!_answered)
            {
                window.Attempt(offset, target, port, double.NaN, localPort);
                continue;
            }

            var rtt = random.Uniform(5, 50);
            var connection = window.Connect(offset, target, port, rtt, localPort: localPort);
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
