using DigitalTwin.Behaviour.Dataset;

namespace DigitalTwin.DeviceSimulator.Traffic;

/// <summary>
/// One scheduled anomaly on one device, from <see cref="Onset"/> to <see cref="Offset"/>: decides each window's phase
/// and strength, and holds the ground truth of each phase, with and without the episode's traffic in the window, so
/// labelling a window allocates nothing.
/// </summary>
public sealed class AnomalyEpisode
{
    // Onset and offset windows run at reduced strength, never below this share, so the ramp is visible but present.
    private const double MinimumRampStrength = 0.2;

    private readonly GroundTruth _onset, _steady, _offset;
    private readonly GroundTruth _onsetEmpty, _steadyEmpty, _offsetEmpty;

    public AnomalyEpisode(AnomalyClass anomaly, AnomalyParameters parameters, DateTimeOffset onset)
    {
        Class = anomaly;
        Parameters = parameters;
        Onset = onset;
        Offset = onset.AddSeconds(parameters.Duration);
        Ramp = Math.Min(parameters.Ramp, parameters.Duration / 4);
        var name = AnomalyCatalog.Describe(anomaly).Name;
        var json = parameters.ToJson();
        _onset = new GroundTruth(GroundTruthLabel.Anomalous, name, GroundTruthPhase.Onset, json, Onset, Offset);
        _steady = _onset with { Phase = GroundTruthPhase.Steady };
        _offset = _onset with { Phase = GroundTruthPhase.Offset };
        _onsetEmpty = _onset with { TrafficPresent = false };
        _steadyEmpty = _steady with { TrafficPresent = false };
        _offsetEmpty = _offset with { TrafficPresent = false };
    }

    public AnomalyClass Class { get; }

    public AnomalyParameters Parameters { get; }

    public DateTimeOffset Onset { get; }

    public DateTimeOffset Offset { get; }

    /// <summary>Seconds of onset and of offset.</summary>
    public double Ramp { get; }

    public bool Overlaps(DateTimeOffset start, DateTimeOffset end) => start < Offset && end > Onset;

    /// <summary>
    /// The phase of a window overlapping the episode: onset while the window starts within the first ramp, offset
    /// when it ends within the last ramp, steady between. <paramref name="present"/> says whether the episode's
    /// traffic put at least one packet in the window (<see cref="GroundTruth.TrafficPresent"/>).
    /// </summary>
    public GroundTruth TruthFor(DateTimeOffset start, DateTimeOffset end, bool present)
    {
        if (start < Onset.AddSeconds(Ramp))
        {
            return present ? _onset : _onsetEmpty;
        }

        if (end > Offset.AddSeconds(-Ramp))
        {
            return present ? _offset : _offsetEmpty;
        }

        return present ? _steady : _steadyEmpty;
    }

    /// <summary>Strength at a moment of the episode: the intensity, ramped linearly up over the onset and down over the offset.</summary>
    public double StrengthAt(DateTimeOffset moment)
    {
        if (Ramp <= 0)
        {
            return Parameters.Intensity;
        }

        var fromEdge = Math.Min((moment - Onset).TotalSeconds, (Offset - moment).TotalSeconds);
        return Parameters.Intensity * Math.Clamp(fromEdge / Ramp, MinimumRampStrength, 1);
    }
}
