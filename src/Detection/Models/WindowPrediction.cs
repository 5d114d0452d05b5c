namespace DigitalTwin.Detection.Models;

/// <summary>
/// What a <see cref="DetectionModel"/> says about one window: the supervised model's probability per class (in
/// <see cref="ModelManifest.Classes"/> order, summing to 1) and its most likely class, and the unsupervised detector's
/// anomaly score with whether it passes the threshold fixed at training.
/// </summary>
public sealed record WindowPrediction(IReadOnlyList<double> Probabilities, string PredictedClass, double AnomalyScore, bool AnomalyFlagged)
{
    /// <summary>The probability of <see cref="PredictedClass"/>, the highest of <see cref="Probabilities"/> (0 when there are none).</summary>
    public double PredictedProbability { get; init; }
}
