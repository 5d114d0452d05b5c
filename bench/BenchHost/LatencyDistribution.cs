using System.Diagnostics;

namespace DigitalTwin.BenchHost;

/// <summary>
/// Latency samples in Stopwatch ticks and their nearest-rank percentiles. Every sample is kept (a minute at
/// a few thousand messages/s is a few MB), so the percentiles are exact rather than read from buckets.
/// </summary>
public sealed class LatencyDistribution
{
    private readonly List<long> _ticks = [];
    private readonly Lock _gate = new();

    public void Add(long startTimestamp, long endTimestamp)
    {
        lock (_gate)
        {
            _ticks.Add(endTimestamp - startTimestamp);
        }
    }

    public LatencySummary Summarize()
    {
        long[] sorted;
        lock (_gate)
        {
            sorted = [.. _ticks];
        }

        if (sorted.Length == 0)
        {
            return new LatencySummary(0, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);
        }

        Array.Sort(sorted);
        return new LatencySummary(
            sorted.Length,
            ToTime(Percentile(sorted, 50)),
            ToTime(Percentile(sorted, 90)),
            ToTime(Percentile(sorted, 95)),
            ToTime(Percentile(sorted, 99)),
            ToTime(sorted[^1]));
    }

    /// <summary>Nearest rank: the smallest sample with at least <paramref name="percent"/>% of samples at or below it.</summary>
    public static long Percentile(long[] sorted, double percent)
    {
        ArgumentOutOfRangeException.ThrowIfZero(sorted.Length);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(percent);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percent, 100);
        var rank = (int)Math.Ceiling(percent / 100 * sorted.Length);
        return sorted[rank - 1];
    }

    private static TimeSpan ToTime(long ticks) => TimeSpan.FromSeconds((double)ticks / Stopwatch.Frequency);
}
