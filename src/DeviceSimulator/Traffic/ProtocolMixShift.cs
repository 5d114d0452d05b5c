using DigitalTwin.Behaviour.Traffic;

namespace DigitalTwin.DeviceSimulator.Traffic;

/// <summary>
/// An unusual protocol mix: ICMP echo traffic to a handful of hosts and a GRE stream, protocols the device never
/// uses, shifting the TCP/UDP ratios towards ICMP and other.
/// </summary>
public sealed class ProtocolMixShift(AnomalyParameters parameters, uint firstHost) : IAnomalyInjector
{
    public void AddTo(TrafficWindow window, double from, double to, double intensity)
    {
        var random = window.Random;
        var span = to - from;
        var echoes = random.Poisson(parameters.Rate * intensity * span);
        for (var host = 0u; host < 4 && echoes > 0; host++)
        {
            var share = host == 3 ? echoes : echoes / 4;
            window.Add(new FlowActivity(
                from, span, TransportProtocol.Icmp, firstHost + host, 0, Outbound: true, Opened: false, 0,
                share, share, share * 56L, share * 56L, 0, random.Uniform(1, 4), 0, false, TlsOutcome.None));
            echoes -= share;
        }

        var gre = random.Poisson(parameters.Rate * intensity * span / 2);
        window.Add(new FlowActivity(
            from, span, TransportProtocol.Other, firstHost + 10, 0, Outbound: true, Opened: false, 0,
            gre, gre / 2, gre * 400L, gre / 2 * 400L, 200, double.NaN, 0, false, TlsOutcome.None));
    }
}
