using System.Globalization;
using System.Text;
using DigitalTwin.Behaviour.Dataset;
using DigitalTwin.Behaviour.Evaluation;

namespace DigitalTwin.Bench.DatasetCheck;

/// <summary>The check's Markdown tables, as docs/dataset.md quotes them.</summary>
internal static class ReferenceReport
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string SingleFeature(string title, LabelledWindows data, IReadOnlyList<SingleFeatureResult> results)
    {
        var text = new StringBuilder();
        text.AppendLine(Invariant, $"### Best single-feature threshold F1: {title}");
        text.AppendLine();
        text.AppendLine(Invariant, $"`{data.Path}` ({data.Description}; {data.Count:N0} windows)");
        text.AppendLine();
        Table(text, results.Where(r => r.Band is null), withBand: false);
        if (results.Any(r => r.Band is not null))
        {
            text.AppendLine();
            Table(text, results.Where(r => r.Band is not null), withBand: true);
        }

        return text.ToString();
    }

    public static string Model(ModelResult result, double normalRate)
    {
        var text = new StringBuilder();
        text.AppendLine("### Per-class F1 of a simple model (FastTree, one versus all)");
        text.AppendLine();
        text.AppendLine(Invariant, $"Trained on the training file's train devices (normal rows at {normalRate:0.###}) in {result.TrainingTime.TotalSeconds:F0} s; scored on every row.");
        text.AppendLine();
        text.AppendLine("| class | training windows | F1 in distribution | windows | F1 out of distribution | windows |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|");
        for (var c = 0; c < result.Classes.Count; c++)
        {
            text.AppendLine(Invariant,
                $"| {result.Classes[c]} | {result.TrainingRows[c]:N0} | {F1(result.InDistribution.CountsOf(c))} | {result.InDistribution.Support(c):N0} | {F1(result.OutOfDistribution.CountsOf(c))} | {result.OutOfDistribution.Support(c):N0} |");
        }

        text.AppendLine(Invariant, $"| **macro F1, anomaly classes** | | {Macro(result.InDistribution)} | | {Macro(result.OutOfDistribution)} | |");
        return text.ToString();
    }

    private static void Table(StringBuilder text, IEnumerable<SingleFeatureResult> results, bool withBand)
    {
        text.AppendLine(withBand
            ? "| class | band | windows | without traffic (excluded) | best F1 | feature | rule |"
            : "| class | windows | without traffic (excluded) | best F1 | feature | rule |");
        text.AppendLine(withBand ? "|---|---|---:|---:|---:|---|---|" : "|---|---:|---:|---:|---|---|");
        // Easiest class first; the band table keeps each class's bands together.
        var ordered = withBand
            ? results.OrderBy(r => r.Class, StringComparer.Ordinal).ThenBy(r => r.Band, StringComparer.Ordinal)
            : results.OrderByDescending(r => r.Rule?.F1 ?? -1).ThenBy(r => r.Class, StringComparer.Ordinal);
        foreach (var r in ordered)
        {
            var rule = r.Rule is { } found
                ? string.Create(Invariant, $"{(found.Direction == ThresholdDirection.AtLeast ? "≥" : "≤")} {found.Threshold:G6}")
                : "";
            var band = withBand ? $" {r.Band} |" : "";
            text.AppendLine(Invariant, $"| {r.Class} |{band} {r.Windows:N0} | {r.Silent:N0} | {(r.Rule is { } best ? F1(best.Counts) : "–")} | {r.Feature} | {rule} |");
        }
    }

    private static string F1(BinaryCounts counts) => double.IsNaN(counts.F1) ? "–" : counts.F1.ToString("F3", Invariant);

    // Over the anomaly classes present in the scored rows (normal, class 0, left out: it dominates every file).
    private static string Macro(ConfusionMatrix matrix)
    {
        var scores = Enumerable.Range(1, matrix.Classes - 1).Where(c => matrix.Support(c) > 0).Select(c => matrix.CountsOf(c).F1).ToArray();
        return scores.Length == 0 ? "–" : scores.Average().ToString("F3", Invariant);
    }
}
