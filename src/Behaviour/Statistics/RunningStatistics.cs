namespace DigitalTwin.Behaviour.Statistics;

/// <summary>
/// Running statistics per feature over every window a twin accepted: count, mean and variance (Welford's
/// update, stable where sums of squares lose precision), minimum, maximum and an exponentially weighted
/// mean that follows recent behaviour. NaN (not measured) is skipped for its feature only. The state is a
/// handful of plain arrays the caller owns and persists; this class updates them in place.
/// </summary>
public sealed class RunningStatistics
{
    /// <summary>Weight of the newest value in the weighted mean: about the last 20 windows count.</summary>
    public const double DefaultSmoothing = 0.1;

    private readonly double _smoothing;

    public RunningStatistics(RunningStatisticsState state, double smoothing = DefaultSmoothing)
    {
        if (smoothing is <= 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(smoothing), smoothing, "the smoothing weight is in (0, 1]");
        }

        State = state;
        _smoothing = smoothing;
    }

    public RunningStatisticsState State { get; }

    public int Features => State.Counts.Length;

    public void Add(ReadOnlySpan<double> values)
    {
        if (values.Length != Features)
        {
            throw new ArgumentException($"expected {Features} values, got {values.Length}", nameof(values));
        }

        var (counts, means, squares, minimums, maximums, weighted) =
            (State.Counts, State.Means, State.SquaredDeviations, State.Minimums, State.Maximums, State.WeightedMeans);
        for (var i = 0; i < values.Length; i++)
        {
            var value = values[i];
            if (double.IsNaN(value))
            {
                continue;
            }

            var count = ++counts[i];
            var delta = value - means[i];
            means[i] += delta / count;
            squares[i] += delta * (value - means[i]);
            if (count == 1)
            {
                minimums[i] = maximums[i] = weighted[i] = value;
            }
            else
            {
                minimums[i] = Math.Min(minimums[i], value);
                maximums[i] = Math.Max(maximums[i], value);
                weighted[i] += _smoothing * (value - weighted[i]);
            }
        }
    }

    /// <summary>Forgets every value seen, in place: the arrays stay the caller's, now as if no window had been added.</summary>
    public void Reset()
    {
        Array.Clear(State.Counts);
        Array.Clear(State.Means);
        Array.Clear(State.SquaredDeviations);
        Array.Clear(State.Minimums);
        Array.Clear(State.Maximums);
        Array.Clear(State.WeightedMeans);
    }

    /// <summary>The statistics of one feature; NaN where no value was seen (the standard deviation is the population's).</summary>
    public FeatureSummary Summarise(int feature)
    {
        var count = State.Counts[feature];
        return count == 0
            ? new FeatureSummary(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN)
            : new FeatureSummary(
                count,
                State.Means[feature],
                Math.Sqrt(State.SquaredDeviations[feature] / count),
                State.Minimums[feature],
                State.Maximums[feature],
                State.WeightedMeans[feature]);
    }
}
