namespace DigitalTwin.Behaviour.Statistics;

/// <summary>
/// What <see cref="RunningStatistics"/> keeps, one slot per feature, as plain arrays so a grain state or a file
/// can hold them without knowing the maths. <see cref="SquaredDeviations"/> is Welford's M2 (sum of squared
/// deviations from the running mean).
/// </summary>
public sealed class RunningStatisticsState
{
    public long[] Counts { get; set; } = [];
    public double[] Means { get; set; } = [];
    public double[] SquaredDeviations { get; set; } = [];
    public double[] Minimums { get; set; } = [];
    public double[] Maximums { get; set; } = [];
    public double[] WeightedMeans { get; set; } = [];

    public static RunningStatisticsState Empty(int features) => new()
    {
        Counts = new long[features],
        Means = new double[features],
        SquaredDeviations = new double[features],
        Minimums = new double[features],
        Maximums = new double[features],
        WeightedMeans = new double[features],
    };
}
