namespace DigitalTwin.Behaviour.Dataset;

/// <summary>Where a window sits in an anomaly episode: ramping up, at full intensity, or ramping down.</summary>
public enum GroundTruthPhase
{
    None,
    Onset,
    Steady,
    Offset,
}
