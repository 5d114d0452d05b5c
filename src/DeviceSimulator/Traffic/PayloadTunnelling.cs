using DigitalTwin.Behaviour.Traffic;

namespace DigitalTwin.DeviceSimulator.Traffic;

/// <summary>
/// A covert tunnel inside one long outbound session: data chunked into packets of widely varying size, so the
/// payload-size histogram is spread out (high entropy) where normal device traffic has a few fixed sizes.
/// </summary>
public sealed class PayloadTunnelling(AnomalyParameters parameters, uint target) : IAnomalyInjector
{
    private const int Bursts = 6;

    private bool _opened;

    public void AddTo(TrafficWindow window, double from, double to, double intensity)
    {
        var random = window.Random;
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
            var opened = !_opened;
            _opened = true;
            window.Add(new FlowActivity(
                from + burst * span, span, TransportProtocol.Tcp, target, 443, Outbound: true, opened, parameters.Duration,
                packets - packetsIn, packetsIn, (long)((packets - packetsIn) * meanSize), (long)(packetsIn * meanSize), random.Uniform(250, 450),
                random.Uniform(40, 120), 0, false, opened ? TlsOutcome.Completed : TlsOutcome.None));
        }
    }
}
