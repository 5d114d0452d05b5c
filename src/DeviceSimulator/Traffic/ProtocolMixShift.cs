using DigitalTwin.Behaviour.Traffic;

namespace DigitalTwin.DeviceSimulator.Traffic;

/// <summary>
/// An unusual protocol mix: ICMP echo traffic to a handful of hosts and a GRE stream, protocols the device never
/// uses, shifting the TCP/UDP ratios towards ICMP and other.
/// </summary>
internal sealed class ProtocolMixShift(AnomalyParameters parameters, uint firstHost) : IAnomalyInjector
{
    private const byte Gre = 47;

    public void AddTo(TrafficWindow window, double from, double to, double intensity)
    {
        var random = window.Random;
        var span = to - from;
        var echoes = random.Poisson(parameters.Rate * intensity * span);
        for (var host = 0u; host < 4 && echoes > 0; host++)
        {
            var share = host == 3 ? echoes : echoes / 4;
            window.Datagrams(from, span, TransportProtocol.Icmp, firstHost + host, 0, share, share, share * 64L, share * 64L, 0);
            echoes -= share;
        }

        var gre = random.Poisson(parameters.Rate * intensity * span / 2);
        window.Datagrams(from, span, TransportProtocol.Other, firstHost + 10, 0, gre, gre / 2, gre * 400L, gre / 2 * 400L, 200, ipProtocol: Gre);
    }
}
