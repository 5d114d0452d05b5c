namespace DigitalTwin.Behaviour.Evaluation;

/// <summary>
/// The best single-feature threshold separating one class's windows (positives) from normal windows (negatives):
/// an exact sweep over every threshold in both directions. It is an oracle's upper bound, not a detector: the
/// threshold is chosen on the very rows it is scored on.
/// </summary>
/// <remarks>
/// The best F1 over all thresholds is reached at a threshold equal to some positive's value (moving a threshold
/// towards the next positive value drops negatives only), so only the distinct positive values are tried, and the
/// negatives at or beyond each are counted by binary search in the negatives sorted once per feature:
/// O(n log n) for the sort, then O(p log n) per class. Ties are exact: a rule flags every row equal to its threshold.
/// </remarks>
public static class ThresholdSweep
{
    /// <summary>
    /// The best rule, over both directions, for <paramref name="positives"/> against <paramref name="sortedNegatives"/>
    /// (ascending, no NaN), each negative counting <paramref name="negativeWeight"/> times. Ties in F1 keep the
    /// first found: at-least before at-most, lower thresholds first. Null when there are no positives.
    /// </summary>
    public static ThresholdRule? Best(ReadOnlySpan<double> sortedNegatives, ReadOnlySpan<double> positives, double negativeWeight = 1)
    {
        if (positives.IsEmpty)
        {
            return null;
        }

        var sorted = positives.ToArray();
        Array.Sort(sorted);
        var p = sorted.Length;
        ThresholdRule? best = null;

        // value >= t: true positives are the positives from t's first occurrence on.
        for (var i = 0; i < p; i++)
        {
            if (i > 0 && sorted[i] == sorted[i - 1])
            {
                continue;
            }

            var truePositives = p - i;
            var falsePositives = (sortedNegatives.Length - LowerBound(sortedNegatives, sorted[i])) * negativeWeight;
            best = Better(best, new ThresholdRule(sorted[i], ThresholdDirection.AtLeast, new BinaryCounts(truePositives, falsePositives, p - truePositives)));
        }

        // value <= t: true positives are the positives up to t's last occurrence.
        for (var i = 0; i < p; i++)
        {
            if (i + 1 < p && sorted[i + 1] == sorted[i])
            {
                continue;
            }

            var truePositives = i + 1;
            var falsePositives = UpperBound(sortedNegatives, sorted[i]) * negativeWeight;
            best = Better(best, new ThresholdRule(sorted[i], ThresholdDirection.AtMost, new BinaryCounts(truePositives, falsePositives, p - truePositives)));
        }

        return best;
    }

    private static ThresholdRule Better(ThresholdRule? best, ThresholdRule candidate) =>
        best is { } current && !(candidate.F1 > current.F1) ? current : candidate;

    /// <summary>The index of the first value ≥ <paramref name="value"/>.</summary>
    private static int LowerBound(ReadOnlySpan<double> sorted, double value)
    {
        int low = 0, high = sorted.Length;
        while (low < high)
        {
            var middle = low + (high - low) / 2;
            if (sorted[middle] < value)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    /// <summary>The index of the first value > <paramref name="value"/>, i.e. the number of values ≤ it.</summary>
    private static int UpperBound(ReadOnlySpan<double> sorted, double value)
    {
        int low = 0, high = sorted.Length;
        while (low < high)
        {
            var middle = low + (high - low) / 2;
            if (sorted[middle] <= value)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }
}
