using DigitalTwin.Behaviour.Traffic;

namespace DigitalTwin.DeviceSimulator.Traffic;

/// <summary>
/// Irregular, unnatural timing: trains of <c>rate</c> connections packed into half a second, separated by silences
/// drawn at random around <c>period</c>. Inter-arrival times swing between milliseconds and minutes (a high
/// coefficient of variation) and the busiest second towers over the window's mean.
/// </summary>
public sealed class TimingAnomaly(AnomalyParameters parameters, uint target) : IAnomalyInjector
{
    // Bounds the work of one train whatever the rate and intensity.
    private const int MaxSessionsPerTrain = 2_000;

    private double _next = double.NaN;

    public void AddTo(TrafficWindow window, double from, double to, double intensity)
    {
        var random = window.Random;
        if (double.IsNaN(_next))
        {
            _next = window.StartSeconds + from;
        }

        while (_next < window.StartSeconds + to)
        {
            var offset = Math.Max(from, _next - window.StartSeconds);
            var sessions = (int)Math.Clamp(Math.Round(parameters.Rate * intensity), 2, MaxSessionsPerTrain);
            for (var i = 0; i < sessions; i++)
            {
                window.AddShortSession(
                    Math.Min(to, offset + random.Uniform(0, 0.5)), TransportProtocol.Tcp, target, 443, random.Uniform(0.1, 0.4),
                    5, 4, 700, 1_100, 150, random.Uniform(30, 60), tls: TlsOutcome.Completed);
            }

            var gap = parameters.Jitter > 0 ? random.Exponential(parameters.Period) : parameters.Period;
            _next += Math.Max(1, gap);
        }
    }
}
