using System.Text.Json.Serialization;

namespace DigitalTwin.Detection.Models;

/// <summary>
/// The simplest detector worth comparing with, kept in the model file so that evaluation needs no training data: per
/// device type the mean and standard deviation of each raw feature over the training data's normal windows; a
/// window's score is its largest |z| over the features, flagged above <see cref="Threshold"/>, the 99.9th percentile
/// of the training normal windows' scores. A feature constant in a type's training windows gets a standard deviation
/// of <see cref="MinStd"/>, so any other value scores very high: that brittleness is what the reference shows.
/// </summary>
public sealed record ZScoreReference(
    [property: JsonPropertyName("device_types")] IReadOnlyDictionary<string, FeatureStatistics> DeviceTypes,
    [property: JsonPropertyName("fleet")] FeatureStatistics Fleet,
    [property: JsonPropertyName("threshold")] double Threshold)
{
    public const double MinStd = 1e-6;

    /// <summary>Scores are capped here so that a constant feature gives a large finite score, never infinity.</summary>
    public const double MaxScore = 1e6;

    public double Score(ReadOnlySpan<float> raw, string deviceType)
    {
        var statistics = DeviceTypes.TryGetValue(deviceType, out var own) ? own : Fleet;
        double score = 0;
        for (var f = 0; f < raw.Length; f++)
        {
            var value = float.IsNaN(raw[f]) ? 0 : raw[f];
            score = Math.Max(score, Math.Abs(value - statistics.Center[f]) / statistics.Scale[f]);
        }

        return Math.Min(score, MaxScore);
    }

    /// <summary>Fits means and standard deviations per type and the fleet's, and the threshold at <paramref name="quantile"/>.</summary>
    public static ZScoreReference Fit(IReadOnlyList<float[]> columns, int[] typeOf, IReadOnlyList<string> deviceTypes, double quantile)
    {
        var byType = new Dictionary<string, FeatureStatistics>(StringComparer.Ordinal);
        for (var t = 0; t < deviceTypes.Count; t++)
        {
            var rows = Enumerable.Range(0, typeOf.Length).Where(i => typeOf[i] == t).ToArray();
            if (rows.Length > 0)
            {
                byType[deviceTypes[t]] = Moments(columns, rows);
            }
        }

        var unthresholded = new ZScoreReference(byType, Moments(columns, Enumerable.Range(0, typeOf.Length).ToArray()), double.PositiveInfinity);
        var raw = new float[columns.Count];
        var scores = new double[typeOf.Length];
        for (var i = 0; i < scores.Length; i++)
        {
            for (var f = 0; f < raw.Length; f++)
            {
                raw[f] = columns[f][i];
            }

            scores[i] = unthresholded.Score(raw, deviceTypes[typeOf[i]]);
        }

        return unthresholded with { Threshold = Quantile.Of(scores, quantile) };
    }

    private static FeatureStatistics Moments(IReadOnlyList<float[]> columns, int[] rows)
    {
        var mean = new double[columns.Count];
        var std = new double[columns.Count];
        for (var f = 0; f < columns.Count; f++)
        {
            double sum = 0, squares = 0;
            foreach (var i in rows)
            {
                sum += columns[f][i];
            }

            mean[f] = sum / rows.Length;
            foreach (var i in rows)
            {
                var d = columns[f][i] - mean[f];
                squares += d * d;
            }

            std[f] = Math.Max(Math.Sqrt(squares / rows.Length), MinStd);
        }

        return new FeatureStatistics(rows.Length, mean, std);
    }
}
