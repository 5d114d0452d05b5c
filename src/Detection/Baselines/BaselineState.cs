namespace DigitalTwin.Detection.Baselines;

/// <summary>
/// What a <see cref="BehaviourBaseline"/> keeps, as plain arrays a grain state or a file can hold without knowing
/// the maths: per feature a histogram of exponentially decaying weights (<see cref="BaselineBins.Count"/> bins,
/// feature-major) and its total, the host's activity level per hour of the day, and counts. About 14 KB for the 56
/// features of schema 3, whatever the history's length.
/// </summary>
public sealed class BaselineState
{
    /// <summary>The feature schema version of the windows learnt; a window of another version starts again.</summary>
    public int SchemaVersion { get; set; }

    /// <summary>
    /// Decayed weight per feature and bin: <c>Weights[feature * BaselineBins.Count + bin]</c>. Doubles, not floats: a
    /// peer group of a large fleet holds hundreds of millions of windows' weight within a half-life (a float stops
    /// counting at 2^24), and learns windows milliseconds apart (a float decay factor of 1 - 10^-8 rounds to 1).
    /// </summary>
    public double[] Weights { get; set; } = [];

    /// <summary>Decayed weight per feature (the sum of its bins).</summary>
    public double[] Totals { get; set; } = [];

    /// <summary>Mean activity (scaled packet rate) per hour of the day, UTC.</summary>
    public float[] HourLevels { get; set; } = [];

    /// <summary>Windows behind each hour's level (capped, so the level keeps following).</summary>
    public float[] HourWindows { get; set; } = [];

    /// <summary>Windows learnt since the baseline (re)started.</summary>
    public long Windows { get; set; }

    /// <summary>Seconds of traffic learnt: the warm-up counts these.</summary>
    public double Seconds { get; set; }

    /// <summary>Windows scored as anomalous and so kept out of the baseline.</summary>
    public long Flagged { get; set; }

    public static BaselineState Empty(int features) => new()
    {
        Weights = new double[features * BaselineBins.Count],
        Totals = new double[features],
        HourLevels = new float[24],
        HourWindows = new float[24],
    };

    /// <summary>A deep copy, for a reader that must not see later changes.</summary>
    public BaselineState Copy() => new()
    {
        SchemaVersion = SchemaVersion,
        Weights = (double[])Weights.Clone(),
        Totals = (double[])Totals.Clone(),
        HourLevels = (float[])HourLevels.Clone(),
        HourWindows = (float[])HourWindows.Clone(),
        Windows = Windows,
        Seconds = Seconds,
        Flagged = Flagged,
    };

    /// <summary>Whether the arrays fit <paramref name="features"/> features (a state written for another catalogue does not).</summary>
    public bool Fits(int features) =>
        Weights.Length == features * BaselineBins.Count && Totals.Length == features && HourLevels.Length == 24 && HourWindows.Length == 24;
}
