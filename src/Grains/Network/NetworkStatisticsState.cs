using DigitalTwin.Behaviour.Statistics;

namespace DigitalTwin.Grains.Network;

/// <summary>
/// The running statistics of a twin's windows as its grain state keeps them: the arrays of
/// <see cref="RunningStatisticsState"/>, shared with it, not copied, so updating one updates the other, and the
/// feature schema version of the windows they summarise: numbers of two versions are never mixed.
/// </summary>
[GenerateSerializer, Alias("dtn.NetworkStatisticsState")]
public sealed class NetworkStatisticsState
{
    [Id(0)] public long[] Counts { get; set; } = [];
    [Id(1)] public double[] Means { get; set; } = [];
    [Id(2)] public double[] SquaredDeviations { get; set; } = [];
    [Id(3)] public double[] Minimums { get; set; } = [];
    [Id(4)] public double[] Maximums { get; set; } = [];
    [Id(5)] public double[] WeightedMeans { get; set; } = [];

    /// <summary>
    /// The feature schema version of every window in the statistics; 0 before the first window. A state written
    /// before versions were kept has no such field and reads 0 too: <see cref="NetworkBehaviour"/> takes such
    /// statistics, when they hold windows, as schema 1, the only version there was.
    /// </summary>
    [Id(6)] public int SchemaVersion { get; set; }

    /// <summary>Windows the statistics summarise: every accepted window since the last change of schema version.</summary>
    [Id(7)] public long Windows { get; set; }

    /// <summary>
    /// The arrays for <paramref name="features"/> features; arrays written when the catalogue was shorter (32 features
    /// before schema 3) grow with empty slots (features are only ever appended), each on its own, so a state whose
    /// arrays disagree in length (or lack one: null from an old JSON state) still loads.
    /// </summary>
    public RunningStatisticsState Share(int features)
    {
        Counts = Resize(Counts, features);
        Means = Resize(Means, features);
        SquaredDeviations = Resize(SquaredDeviations, features);
        Minimums = Resize(Minimums, features);
        Maximums = Resize(Maximums, features);
        WeightedMeans = Resize(WeightedMeans, features);

        return new RunningStatisticsState
        {
            Counts = Counts,
            Means = Means,
            SquaredDeviations = SquaredDeviations,
            Minimums = Minimums,
            Maximums = Maximums,
            WeightedMeans = WeightedMeans,
        };
    }

    private static T[] Resize<T>(T[]? array, int length)
    {
        if (array?.Length == length)
        {
            return array;
        }

        var resized = array ?? [];
        Array.Resize(ref resized, length);
        return resized;
    }
}
