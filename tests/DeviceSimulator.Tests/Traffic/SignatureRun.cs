using DigitalTwin.Behaviour.Dataset;
using DigitalTwin.Behaviour.Features;
using DigitalTwin.DeviceSimulator.Traffic;

namespace DigitalTwin.DeviceSimulator.Tests.Traffic;

/// <summary>
/// One device run for three hours with a single episode starting after the first hour: the windows before it are the
/// device's own normal baseline, the steady-phase windows show the anomaly's signature.
/// </summary>
internal sealed class SignatureRun
{
    public static readonly DateTimeOffset Start = new(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset Onset = Start.AddHours(1);

    private SignatureRun(List<WindowSample> samples) => Samples = samples;

    public List<WindowSample> Samples { get; }

    public IEnumerable<NetworkWindow> Normal => Samples.Where(s => s.Window.Start < Onset).Select(s => s.Window);

    public IEnumerable<NetworkWindow> Steady => Samples.Where(s => s.Truth.Phase == GroundTruthPhase.Steady).Select(s => s.Window);

    public static SignatureRun Of(AnomalyClass anomaly, string deviceType = DeviceTypes.TemperatureSensor, double? duration = null, ulong seed = 7)
    {
        var defaults = AnomalyCatalog.Describe(anomaly).Defaults;
        var parameters = defaults with { Duration = duration ?? Math.Max(1_800, defaults.Duration) };
        var behaviour = new DeviceBehaviour("device-0001", deviceType, seed, [new AnomalyEpisode(anomaly, parameters, Onset)], 10);
        var samples = new List<WindowSample>();
        for (var t = Start; t < Start.AddHours(3); t = t.AddSeconds(10))
        {
            samples.Add(behaviour.Next(t));
        }

        return new SignatureRun(samples);
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[sorted.Length / 2];
    }
}
