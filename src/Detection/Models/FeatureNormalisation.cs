using System.Text.Json.Serialization;

namespace DigitalTwin.Detection.Models;

/// <summary>
/// Puts one window's features on a common footing whatever the device type, so one model serves a mixed fleet: each
/// value goes on a log scale with <c>asinh</c> (counts and byte rates span orders of magnitude; asinh is 0 at 0 and
/// defined for every value), then is standardised with its device type's median and scaled MAD
/// (1.4826 · median absolute deviation, which matches the standard deviation of normal data but ignores the rare
/// benign bursts that would inflate a standard deviation). The statistics come from the training data's normal
/// windows; a type not seen in training uses the whole fleet's.
/// </summary>
/// <remarks>
/// Many features are 0 in nearly every normal window of a type (ICMP on a sensor), so their MAD is 0. Their scale is
/// then the mean absolute deviation (× 1.2533, the normal-data equivalent) and at least <see cref="MinScale"/>. No
/// clipping: asinh already bounds every value a window can hold to about 22, so a standardised value stays within a
/// few hundred, and clipping would hide from the trees how far beyond normal a value lies.
/// </remarks>
public sealed record FeatureNormalisation(
    [property: JsonPropertyName("device_types")] IReadOnlyDictionary<string, FeatureStatistics> DeviceTypes,
    [property: JsonPropertyName("fleet")] FeatureStatistics Fleet)
{
    /// <summary>The smallest scale, in asinh units: about one step from 0 to 1 packet seen in ten training windows.</summary>
    public const double MinScale = 0.1;

    [JsonPropertyName("transform")]
    public string Transform => "asinh, then (value - median) / (1.4826 MAD, or when below 0.1 max(1.2533 mean absolute deviation, 0.1))";

    /// <summary>The statistics used for <paramref name="deviceType"/>: its own, or the fleet's for a type unseen in training.</summary>
    public FeatureStatistics For(string deviceType) => DeviceTypes.TryGetValue(deviceType, out var own) ? own : Fleet;

    /// <summary>
    /// Writes the normalised values of <paramref name="raw"/> (NaN read as 0) into <paramref name="output"/>, and their
    /// asinh values before the type's scaling into <paramref name="logValues"/> (the classifier reads both; asinh is
    /// most of the cost, so it is taken once).
    /// </summary>
    public void Apply(ReadOnlySpan<float> raw, string deviceType, Span<float> output, Span<float> logValues)
    {
        var statistics = For(deviceType);
        for (var f = 0; f < raw.Length; f++)
        {
            var value = float.IsNaN(raw[f]) ? 0 : Math.Asinh(raw[f]);
            output[f] = (float)((value - statistics.Center[f]) / statistics.Scale[f]);
            logValues[f] = (float)value;
        }
    }

    /// <summary>
    /// Fits the statistics on normal windows: <paramref name="columns"/> is [feature][window] of raw values, and
    /// <paramref name="typeOf"/> the index into <paramref name="deviceTypes"/> of each window.
    /// </summary>
    public static FeatureNormalisation Fit(IReadOnlyList<float[]> columns, int[] typeOf, IReadOnlyList<string> deviceTypes)
    {
        var byType = new Dictionary<string, FeatureStatistics>(StringComparer.Ordinal);
        for (var t = 0; t < deviceTypes.Count; t++)
        {
            var rows = Enumerable.Range(0, typeOf.Length).Where(i => typeOf[i] == t).ToArray();
            if (rows.Length > 0)
            {
                byType[deviceTypes[t]] = Robust(columns, rows);
            }
        }

        return new FeatureNormalisation(byType, Robust(columns, Enumerable.Range(0, typeOf.Length).ToArray()));
    }

    private static FeatureStatistics Robust(IReadOnlyList<float[]> columns, int[] rows)
    {
        var center = new double[columns.Count];
        var scale = new double[columns.Count];
        var values = new double[rows.Length];
        for (var f = 0; f < columns.Count; f++)
        {
            for (var i = 0; i < rows.Length; i++)
            {
                values[i] = Math.Asinh(columns[f][rows[i]]);
            }

            var median = Median(values);
            var deviations = values.Select(v => Math.Abs(v - median)).ToArray();
            var mad = 1.4826 * Median(deviations);
            scale[f] = mad >= MinScale ? mad : Math.Max(1.2533 * deviations.Average(), MinScale);
            center[f] = median;
        }

        return new FeatureStatistics(rows.Length, center, scale);
    }

    private static double Median(double[] values)
    {
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
