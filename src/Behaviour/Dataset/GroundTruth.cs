namespace DigitalTwin.Behaviour.Dataset;

/// <summary>
/// What the simulator knows about one device's window and the twins must never see: whether it is anomalous, which
/// anomaly class and phase, the episode's parameters (compact JSON), its onset and offset times, and whether the
/// episode's traffic is in the window at all.
/// </summary>
/// <param name="Label">Normal, anomalous or unknown.</param>
/// <param name="Class">Anomaly class (snake_case), <c>normal</c>, or <c>unknown</c>.</param>
/// <param name="Phase">Phase of the episode the window overlaps.</param>
/// <param name="Parameters">The episode's parameters as a compact JSON object (<c>{}</c> for normal windows).</param>
/// <param name="Onset">When the episode starts (UTC), null for normal windows.</param>
/// <param name="Offset">When the episode ends (UTC), null for normal windows.</param>
/// <param name="TrafficPresent">
/// For an anomalous window, whether the episode's traffic put at least one packet in it: a sparse beacon or a slow
/// scan leaves windows of its episode empty, and those must not count as missed detections. True for normal and
/// unknown windows by convention (nothing is missing from them), and for files written before the column existed.
/// </param>
public sealed record GroundTruth(
    GroundTruthLabel Label,
    string Class,
    GroundTruthPhase Phase,
    string Parameters,
    DateTimeOffset? Onset,
    DateTimeOffset? Offset,
    bool TrafficPresent = true)
{
    public const string NormalClass = "normal";
    public const string UnknownClass = "unknown";

    /// <summary>The ground truth of every window outside an anomaly episode; shared, so normal rows allocate nothing.</summary>
    public static GroundTruth Normal { get; } = new(GroundTruthLabel.Normal, NormalClass, GroundTruthPhase.None, "{}", null, null);

    /// <summary>Stands in for a ground truth that is missing, e.g. an exported window the simulator has no record of.</summary>
    public static GroundTruth Unknown { get; } = new(GroundTruthLabel.Unknown, UnknownClass, GroundTruthPhase.None, "{}", null, null);
}
