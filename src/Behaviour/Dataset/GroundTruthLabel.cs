namespace DigitalTwin.Behaviour.Dataset;

/// <summary>
/// Whether a window is anomalous. <see cref="Unknown"/> marks a row whose ground truth could not be found (a live
/// export row with no simulator record): it must never be read as normal.
/// </summary>
public enum GroundTruthLabel
{
    Normal,
    Anomalous,
    Unknown,
}
