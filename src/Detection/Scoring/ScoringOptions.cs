namespace DigitalTwin.Detection.Scoring;

/// <summary>How windows are scored against a baseline. The defaults are the ones docs/detection.md evaluates.</summary>
public sealed class ScoringOptions
{
    /// <summary>Most a tail probability adds (as -log10): a value rarer than one window in a thousand counts as that rare.</summary>
    public double TailCap { get; set; } = 3;

    /// <summary>Added for each histogram bin (a factor of about 1.65) a value lies past the farthest one the baseline ever saw.</summary>
    public double PerBinBeyond { get; set; } = 1;

    /// <summary>Surprise a feature may have without adding to the score: 56 features make one-in-a-hundred values common.</summary>
    public double Floor { get; set; } = 2;

    /// <summary>Score from which a window is flagged anomalous (and kept out of the baseline).</summary>
    public double FlagScore { get; set; } = 10;

    /// <summary>Contributions kept with a score (the largest).</summary>
    public int MaxContributions { get; set; } = 5;
}
