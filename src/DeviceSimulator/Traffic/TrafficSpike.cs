using DigitalTwin.Behaviour.Traffic;

namespace DigitalTwin.DeviceSimulator.Traffic;

/// <summary>A sudden surge: in every window a burst of a few seconds at <c>rate</c> packets/s towards one peer.</summary>
public sealed class TrafficSpike(AnomalyParameters parameters, uint target) : IAnomalyInjector
{
    public void AddTo(TrafficWindow window, double from, double to, double intensity)
    {
        var random = window.Random;
        var burst = Math.Min(to - from, random.Uniform(1.5, 3));
        var start = random.Uniform(from, to - burst);
        var packets = (int)(parameters.Rate * intensity * burst);
        var packetsIn = packets / 10;
        window.Datagrams(start, burst, TransportProtocol.Udp, target, 443, packets - packetsIn, packetsIn, (packets - packetsIn) * 1_000L, packetsIn * 60L, 150);
    }
}
