namespace DigitalTwin.Detection.Scoring;

/// <summary>
/// A window's anomaly score (the sum of its features' contributions), the contributions themselves (largest first,
/// only those that add to the score), whether it crosses the flagging threshold, the behaviour the evidence points to
/// and the baseline it was judged against.
/// </summary>
public sealed record WindowScore(double Score, bool Flagged, string Behaviour, BaselineKind Baseline, IReadOnlyList<FeatureContribution> Contributions)
{
    /// <summary>The trained model's verdict, when one serves.</summary>
    public ModelVerdict? Model { get; init; }

    /// <summary>
    /// The host's persistent deviation (a CUSUM of its windows' scores above an allowance) when that, not the window's
    /// own score, flagged it; 0 otherwise.
    /// </summary>
    public double Persistence { get; init; }

    public static WindowScore Unscored { get; } = new(0, false, SuspectedBehaviour.Unclassified, BaselineKind.None, []);
}
