namespace DigitalTwin.Behaviour.Features;

/// <summary>
/// One feature's wire and column name (snake_case), its unit, what it measures, the feature schema version that
/// introduced it (windows of older versions carry no value for it: NaN), and whether it depends on the host's past
/// beyond the window (<see cref="RemembersPast"/>: inter-arrival times, history, damped rates).
/// </summary>
public sealed record FeatureDescriptor(NetworkFeature Feature, string Name, string Unit, string Description, int Since = 1)
{
    /// <summary>
    /// The value depends on what the host did before the window (a trailing horizon, its history of endpoints and
    /// names, or a damped rate), not on the window alone: an episode leaves its trace in it after it ends.
    /// </summary>
    public bool RemembersPast { get; init; }
}
