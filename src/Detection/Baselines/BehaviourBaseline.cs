using System.Numerics.Tensors;
using DigitalTwin.Behaviour.Features;

namespace DigitalTwin.Detection.Baselines;

/// <summary>
/// A host's (or a peer group's) normal behaviour, learnt window by window: per feature a histogram of the values on
/// <see cref="BaselineBins"/>' log-like scale, with weights that decay with <see cref="BaselineOptions.HalfLife"/>,
/// so it is robust (one wild window moves one bin, never a mean), streaming and bounded in memory. Volume features
/// are learnt and judged relative to the host's daily cycle when it has one: the activity level of each hour of the
/// day is tracked, and a busy hour's traffic is compared as if it were an average hour's.
/// Histograms add up, so peers' baselines merge by adding their weights (<see cref="Merge"/>).
/// </summary>
public sealed class BehaviourBaseline
{
    /// <summary>Pseudo-weight of the unseen: a value no window ever had is "one in (windows + 1)", never impossible.</summary>
    private const double Prior = 1;

    /// <summary>A bin counts as seen once it holds half a window's weight.</summary>
    private const double SeenWeight = 0.5;

    private static readonly bool[] FollowsCycle = FeatureCatalog.All.Select(d => IsVolume(d.Feature)).ToArray();

    private static readonly bool[] HasAbsentZero = FeatureCatalog.All.Select(d => IsAbsentWhenZero(d.Feature)).ToArray();

    private readonly BaselineOptions _options;
    private readonly int _features;

    public BehaviourBaseline(BaselineState state, BaselineOptions options)
    {
        _features = FeatureCatalog.Count;
        if (!state.Fits(_features))
        {
            var fresh = BaselineState.Empty(_features);
            (state.Weights, state.Totals, state.HourLevels, state.HourWindows) = (fresh.Weights, fresh.Totals, fresh.HourLevels, fresh.HourWindows);
            (state.Windows, state.Seconds, state.Flagged, state.SchemaVersion) = (0, 0, 0, 0);
        }

        State = state;
        _options = options;
    }

    public BaselineState State { get; }

    /// <summary>Whether the baseline has learnt enough traffic to judge by (<see cref="BaselineOptions.WarmUp"/>).</summary>
    public bool IsWarm => State.Seconds >= _options.WarmUp.TotalSeconds;

    /// <summary>
    /// Learns a window's values (catalogue order, NaN skipped): what was learnt before decays by
    /// <paramref name="elapsed"/> seconds (by default the window's length: one host's windows follow each other; a
    /// peer group learning many hosts' windows passes the time its latest window moved on), then each value adds one
    /// window's weight to its bin. A window of another schema version starts the baseline again.
    /// </summary>
    public void Learn(ReadOnlySpan<double> values, int schemaVersion, DateTimeOffset start, double seconds, double? elapsed = null)
    {
        if (State.SchemaVersion != schemaVersion)
        {
            Reset();
            State.SchemaVersion = schemaVersion;
        }

        var decay = Math.Pow(0.5, (elapsed ?? seconds) / _options.HalfLife.TotalSeconds);
        var weights = State.Weights;
        if (decay < 1)
        {
            // Every window decays all 1,792 weights: in vector registers, a multiply costs the same as the scalar one's.
            TensorPrimitives.Multiply(weights, decay, weights);
            TensorPrimitives.Multiply(State.Totals, decay, State.Totals);
        }

        var shift = CycleShift(start);
        for (var f = 0; f < _features && f < values.Length; f++)
        {
            if (double.IsNaN(values[f]))
            {
                continue;
            }

            weights[f * BaselineBins.Count + Bin(f, values[f], shift)] += 1;
            State.Totals[f] += 1;
        }

        LearnHour(values, start);
        State.Windows++;
        State.Seconds += seconds;
    }

    /// <summary>Counts a window kept out of the baseline because it was scored anomalous.</summary>
    public void Skip() => State.Flagged++;

    /// <summary>Forgets everything learnt, in place.</summary>
    public void Reset()
    {
        Array.Clear(State.Weights);
        Array.Clear(State.Totals);
        Array.Clear(State.HourLevels);
        Array.Clear(State.HourWindows);
        (State.Windows, State.Seconds, State.Flagged) = (0, 0, 0);
    }

    /// <summary>Adds another baseline of the same schema version to this one (peers' baselines merging).</summary>
    public void Merge(BaselineState other)
    {
        if (!other.Fits(_features) || other.Windows == 0)
        {
            return;
        }

        if (State.Windows == 0)
        {
            State.SchemaVersion = other.SchemaVersion;
        }
        else if (other.SchemaVersion != State.SchemaVersion)
        {
            return;
        }

        for (var i = 0; i < State.Weights.Length; i++)
        {
            State.Weights[i] += other.Weights[i];
        }

        for (var f = 0; f < _features; f++)
        {
            State.Totals[f] += other.Totals[f];
        }

        for (var h = 0; h < 24; h++)
        {
            var windows = State.HourWindows[h] + other.HourWindows[h];
            if (windows > 0)
            {
                State.HourLevels[h] = (State.HourLevels[h] * State.HourWindows[h] + other.HourLevels[h] * other.HourWindows[h]) / windows;
                State.HourWindows[h] = windows;
            }
        }

        State.Windows += other.Windows;
        State.Seconds += other.Seconds;
        State.Flagged += other.Flagged;
    }

    /// <summary>
    /// How surprising <paramref name="value"/> is for feature <paramref name="feature"/> in a window starting at
    /// <paramref name="start"/>: the tail probability of a value at least this far out (either side), as
    /// -log10, at most <paramref name="tailCap"/>, plus <paramref name="perBinBeyond"/> for each bin past the farthest
    /// one ever seen. A <paramref name="prior"/> (the host's peers) joins the histogram as <paramref name="priorWindows"/>
    /// windows' worth: what the peers do is not unheard of for a host that has not yet lived through it (its first
    /// busy morning), and the host's own history outweighs it as it grows. Zero when nothing was learnt for the feature
    /// or the value is NaN.
    /// </summary>
    public FeatureSurprise Surprise(
        int feature, double value, DateTimeOffset start, double tailCap, double perBinBeyond, BehaviourBaseline? prior = null, double priorWindows = 0)
    {
        if (double.IsNaN(value))
        {
            return default;
        }

        Span<double> withPeers = stackalloc double[BaselineBins.Count];
        scoped ReadOnlySpan<double> weights = State.Weights.AsSpan(feature * BaselineBins.Count, BaselineBins.Count);
        var total = State.Totals[feature];
        if (prior is not null && priorWindows > 0 && prior.State.Totals[feature] > 0)
        {
            var scale = priorWindows / prior.State.Totals[feature];
            TensorPrimitives.MultiplyAdd(prior.State.Weights.AsSpan(feature * BaselineBins.Count, BaselineBins.Count), scale, weights, withPeers);
            weights = withPeers;
            total += priorWindows;
        }

        if (total <= 0)
        {
            return default;
        }

        // Only volume features follow the daily cycle: the others need not look at the hours.
        var bin = Bin(feature, value, FollowsCycle[feature] ? CycleShift(start) : 0);
        double above = 0, below = 0;
        for (var b = 0; b <= bin; b++)
        {
            below += weights[b];
        }

        for (var b = bin; b < weights.Length; b++)
        {
            above += weights[b];
        }

        var lowestSeen = -1;
        for (var b = 0; b < weights.Length && lowestSeen < 0; b++)
        {
            lowestSeen = weights[b] >= SeenWeight ? b : -1;
        }

        var highestSeen = -1;
        for (var b = weights.Length - 1; b >= 0 && highestSeen < 0; b--)
        {
            highestSeen = weights[b] >= SeenWeight ? b : -1;
        }

        double high = 0, low = 0;
        if (highestSeen >= 0)
        {
            // A feature that is 0 when it does not apply (no DNS query, no periodic endpoint) has no distance from
            // "absent" to its values, either way: its first value counts as one bin past what was seen, however
            // large, and so does its first 0 (nothing measured, not an extreme low), however high its usual values.
            var absentZero = HasAbsentZero[feature];
            var beyond = absentZero && highestSeen == 0 && bin > 0 ? 1 : bin - highestSeen;
            var under = absentZero && bin == 0 && lowestSeen > 0 ? 1 : lowestSeen - bin;
            high = perBinBeyond * Math.Max(0, beyond);
            low = perBinBeyond * Math.Max(0, under);
        }

        // The rarer side's tail is the larger, so the other side can only win with bins past what was seen: its
        // logarithm, which costs as much as the loop above, is taken only then.
        if (above <= below || high > 0)
        {
            high += Math.Min(tailCap, -Math.Log10((above + Prior) / (total + Prior)));
        }

        if (below < above || low > 0)
        {
            low += Math.Min(tailCap, -Math.Log10((below + Prior) / (total + Prior)));
        }

        return high >= low ? new FeatureSurprise(high, Above: true) : new FeatureSurprise(low, Above: false);
    }

    /// <summary>
    /// What the baseline holds for one feature, in the feature's own units at an average hour: the median and the
    /// range of the middle 68% (the 16th and 84th percentiles, a "± one standard deviation" that outliers do not move).
    /// </summary>
    public FeatureBaselineSummary Summarise(int feature)
    {
        var total = State.Totals[feature];
        if (total <= 0)
        {
            return new FeatureBaselineSummary(double.NaN, double.NaN, double.NaN, 0);
        }

        var weights = State.Weights.AsSpan(feature * BaselineBins.Count, BaselineBins.Count);
        return new FeatureBaselineSummary(
            Quantile(feature, weights, total, 0.5),
            Quantile(feature, weights, total, 0.16),
            Quantile(feature, weights, total, 0.84),
            total);
    }

    /// <summary>Whether the host shows a daily cycle the baseline corrects for, and how strong (highest over lowest hourly level, as a factor).</summary>
    public double DailyCycleFactor()
    {
        var (lowest, highest, _) = CycleRange();
        return highest >= lowest ? Math.Exp(highest - lowest) : 1;
    }

    private static double Quantile(int feature, ReadOnlySpan<double> weights, double total, double quantile)
    {
        var target = quantile * total;
        double cumulative = 0;
        for (var b = 0; b < weights.Length; b++)
        {
            cumulative += weights[b];
            if (cumulative >= target)
            {
                return BaselineBins.Unscale(feature, BaselineBins.Middle(b));
            }
        }

        return BaselineBins.Unscale(feature, BaselineBins.Middle(weights.Length - 1));
    }

    private static int Bin(int feature, double value, double shift)
    {
        var scaled = BaselineBins.Scale(feature, value);
        if (scaled > 0 && FollowsCycle[feature])
        {
            // A busy hour's traffic compared as an average hour's; what was there stays above zero.
            scaled = Math.Max(scaled - shift, 1e-9);
        }

        return BaselineBins.OfScaled(scaled);
    }

    /// <summary>
    /// How far the window's hour is above the host's average hour on the scale (the log of the load factor), once
    /// at least half the day's hours are known and their levels differ by a bin or more; otherwise zero.
    /// </summary>
    private double CycleShift(DateTimeOffset start)
    {
        var (lowest, highest, mean) = CycleRange();
        if (highest - lowest < BaselineBins.Width)
        {
            return 0;
        }

        var hour = start.UtcDateTime.Hour;
        return State.HourWindows[hour] >= _options.HourWindowsForCycle ? State.HourLevels[hour] - mean : 0;
    }

    private (double Lowest, double Highest, double Mean) CycleRange()
    {
        double lowest = double.MaxValue, highest = double.MinValue, sum = 0;
        var known = 0;
        for (var h = 0; h < 24; h++)
        {
            if (State.HourWindows[h] < _options.HourWindowsForCycle)
            {
                continue;
            }

            known++;
            sum += State.HourLevels[h];
            lowest = Math.Min(lowest, State.HourLevels[h]);
            highest = Math.Max(highest, State.HourLevels[h]);
        }

        return known >= 12 ? (lowest, highest, sum / known) : (0, -1, 0);
    }

    private void LearnHour(ReadOnlySpan<double> values, DateTimeOffset start)
    {
        var rate = (int)NetworkFeature.PacketRateMean < values.Length ? values[(int)NetworkFeature.PacketRateMean] : double.NaN;
        if (double.IsNaN(rate))
        {
            return;
        }

        // A running mean over the hour's last ~30 days of windows (360 a day at 10 s): it follows a drifting cycle.
        var hour = start.UtcDateTime.Hour;
        var windows = Math.Min(State.HourWindows[hour] + 1, 10_000f);
        State.HourLevels[hour] += (float)((BaselineBins.Scale((int)NetworkFeature.PacketRateMean, rate) - State.HourLevels[hour]) / windows);
        State.HourWindows[hour] = windows;
    }

    /// <summary>Features whose 0 means "nothing to measure" (a mean, ratio or rhythm of something absent), not a small amount.</summary>
    private static bool IsAbsentWhenZero(NetworkFeature feature) => feature is
        NetworkFeature.DnsNameLengthMean or NetworkFeature.DnsNameEntropyMean or NetworkFeature.DnsNxdomainRatio or
        NetworkFeature.LatencyMean or NetworkFeature.Jitter or NetworkFeature.SessionDurationMean or NetworkFeature.SessionDurationP95 or
        NetworkFeature.PeriodicGapMean or NetworkFeature.PeriodicGapCv or NetworkFeature.PayloadSizeMean or
        NetworkFeature.PayloadSizeStd or NetworkFeature.PayloadSizeEntropy or NetworkFeature.UnansweredSynRatio or
        NetworkFeature.BytesOutRatio;

    private static bool IsVolume(NetworkFeature feature) => feature is
        NetworkFeature.PacketsIn or NetworkFeature.PacketsOut or NetworkFeature.BytesIn or NetworkFeature.BytesOut or
        NetworkFeature.PacketRateMean or NetworkFeature.PacketRatePeak or NetworkFeature.SessionsOpened or
        NetworkFeature.DnsQueryRate or NetworkFeature.TlsHandshakes or
        NetworkFeature.PacketRate1m or NetworkFeature.PacketRate10m or NetworkFeature.PacketRate1h or
        NetworkFeature.BytesOutRate10m or NetworkFeature.BytesOutRate1h or NetworkFeature.SessionsOpened1h or
        NetworkFeature.DnsQueries1h;
}
