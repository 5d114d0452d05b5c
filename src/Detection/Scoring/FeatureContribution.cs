using DigitalTwin.Behaviour.Features;

namespace DigitalTwin.Detection.Scoring;

/// <summary>
/// One feature's part in a window's anomaly score: its value, what the baseline holds for it (median and ± half the
/// middle 68%, in the feature's units), how much it adds to the score, and whether it was above or below normal.
/// </summary>
public sealed record FeatureContribution(NetworkFeature Feature, double Value, double Centre, double Spread, double Score, bool Above)
{
    public string Name => FeatureCatalog.NameOf(Feature);
}
