using DigitalTwin.Behaviour.Traffic;

namespace DigitalTwin.DeviceSimulator.Traffic;

/// <summary>
/// A bulk upload to an address the device never talks to: one TLS session that streams <c>rate</c> bytes a second
/// out in full-size packets, with only ACKs coming back.
/// </summary>
public sealed class DataExfiltration(AnomalyParameters parameters, uint target) : IAnomalyInjector
{
    private const double PacketBytes = 1_400;

    private bool _opened;

    public void AddTo(TrafficWindow window, double from, double to, double intensity)
    {
        var random = window.Random;
        var bytesOut = (long)(parameters.Rate * intensity * (to - from) * random.Uniform(0.9, 1.1));
        var packetsOut = (int)(bytesOut / PacketBytes) + 1;
        var packetsIn = packetsOut / 2 + 1;
        var opened = !_opened;
        _opened = true;
        window.Add(new FlowActivity(
            from, to - from, TransportProtocol.Tcp, target, 443, Outbound: true, opened, parameters.Duration,
            packetsOut, packetsIn, bytesOut, packetsIn * 40L, 80, random.Uniform(80, 200), random.Poisson(packetsOut * 0.003),
            false, opened ? TlsOutcome.Completed : TlsOutcome.None));
    }
}
