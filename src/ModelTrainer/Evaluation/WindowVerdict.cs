namespace DigitalTwin.ModelTrainer.Evaluation;

/// <summary>
/// What one detector says about one window: the class it names (<c>normal</c>, an anomaly class, or
/// <see cref="Anomalous"/> for a detector that names none), a score (higher = more anomalous; ranked for ROC and PR
/// curves) and whether it raises an alarm.
/// </summary>
internal readonly record struct WindowVerdict(string Class, double Score, bool Flagged)
{
    /// <summary>The class a detector that only tells normal from anomalous gives a flagged window.</summary>
    public const string Anomalous = "anomalous";
}
