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

    /// <summary>Every window labelled with the episode, onset and offset included.</summary>
    public IEnumerable<NetworkWindow> Anomalous => Samples.Where(s => s.Truth.Label == GroundTruthLabel.Anomalous).Select(s => s.Window);

    public IEnumerable<NetworkWindow> Steady => Samples.Where(s => s.Truth.Phase == GroundTruthPhase.Steady).Select(s => s.Window);

    /// <summary>
    /// The class's typical parameters, or <paramref name="parameters"/> (a band's or a variant's), lasting
    /// <paramref name="duration"/> seconds (at least half an hour when not given).
    /// </summary>
    public static SignatureRun Of(
        AnomalyClass anomaly, string deviceType = DeviceTypes.TemperatureSensor, double? duration = null, ulong seed = 7, AnomalyParameters? parameters = null)
    {
        var given = parameters ?? AnomalyCatalog.Describe(anomaly).Defaults;
        parameters = given with { Duration = duration ?? Math.Max(1_800, given.Duration) };
        var behaviour = new DeviceBehaviour("device-0001", deviceType, seed, [new AnomalyEpisode(anomaly, parameters, Onset)], 10);
        var samples = new List<WindowSample>();
        for (var t = Start; t < Start.AddHours(3); t = t.AddSeconds(10))
        {
            samples.Add(behaviour.Next(t));
        }

        return new SignatureRun(samples);
    }

    /// <summary>The class's typical parameters with <paramref name="rate"/> and the given variants, in a band.</summary>
    public static AnomalyParameters Variant(AnomalyClass anomaly, double rate, AnomalyBand band, params (string Name, string Value)[] variants) =>
        AnomalyCatalog.Describe(anomaly).Defaults with
        {
            Rate = rate,
            Band = band,
            Variants = [.. variants.Select(v => new KeyValuePair<string, string>(v.Name, v.Value))],
        };

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[sorted.Length / 2];
    }
}
