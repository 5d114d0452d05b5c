namespace DigitalTwin.Detection.Models;

/// <summary>Empirical quantiles, as the detectors' thresholds are set from training scores.</summary>
public static class Quantile
{
    /// <summary>
    /// The value at <paramref name="q"/> (0–1) of <paramref name="values"/>, interpolating linearly between the two
    /// nearest order statistics (type 7, as numpy and R by default); NaN when there are none.
    /// </summary>
    public static double Of(IReadOnlyCollection<double> values, double q)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.ToArray();
        Array.Sort(sorted);
        var position = q * (sorted.Length - 1);
        var low = (int)Math.Floor(position);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + (position - low) * (sorted[high] - sorted[low]);
    }
}
