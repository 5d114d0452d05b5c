using DigitalTwin.Behaviour.Traffic;
using DigitalTwin.DeviceSimulator.Packets;

namespace DigitalTwin.DeviceSimulator.Traffic;

/// <summary>
/// A covert tunnel inside one long outbound session: data chunked into packets of widely varying size, so the
/// payload-size histogram is spread out (high entropy) where normal device traffic has a few fixed sizes.
/// </summary>
public sealed class PayloadTunnelling(AnomalyParameters parameters, uint target) : IAnomalyInjector
{
    private const int Bursts = 6;

    private TcpConnection? _connection;

    public void AddTo(TrafficWindow window, double from, double to, double intensity)
    {
        var random = window.Random;
        if (_connection is null)
        {
            _connection = window.Connect(from, target, 443, random.Uniform(40, 120), TlsOutcome.Completed);
            from = Math.Min(to, _connection.LastMicros / 1e6 - window.StartSeconds + 0.001);
        }

        var span = (to - from) / Bursts;
        for (var burst = 0; burst < Bursts; burst++)
        {
            var packets = random.Poisson(parameters.Rate * intensity * span);
            if (packets == 0)
            {
                continue;
            }

            var meanSize = random.Uniform(80, 1_400);
            var packetsIn = packets / 3;
            window.Stream(
                _connection, from + burst * span, span, packets - packetsIn, packetsIn, (long)((packets - packetsIn) * meanSize),
                (long)(packetsIn * meanSize), random.Uniform(250, 450));
        }
    }

    public void Finish(TrafficWindow window, double at)
    {
        if (_connection is not null)
        {
            window.Close(_connection, at);
        }
    }
}
