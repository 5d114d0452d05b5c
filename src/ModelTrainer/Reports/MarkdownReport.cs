using System.Globalization;
using System.Text;

namespace DigitalTwin.ModelTrainer.Reports;

/// <summary><c>report.md</c>: the same figures as <c>report.json</c>, as tables, with the plots linked.</summary>
internal static class MarkdownReport
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Write(EvaluationReport report, IReadOnlyList<string> plots)
    {
        var text = new StringBuilder();
        var model = report.Model;
        var data = report.Data;
        text.AppendLine(Invariant, $"# Evaluation of `{model.File}` on `{data.File}`");
        text.AppendLine();
        text.AppendLine(Invariant, $"- **Model**: trained {model.Created:u} on `{model.TrainingFile}` (scenario `{model.TrainingScenario}`, split `{model.TrainingSplit}`); training windows per class: {string.Join(", ", model.TrainingWindowsPerClass.Select(p => string.Create(Invariant, $"{p.Key} {p.Value:N0}")))}.");
        text.AppendLine(Invariant, $"- **Data**: scenario `{data.ScenarioId}`, seed {data.Seed}, generator `{data.GeneratorVersion}`, split `{data.Split}`: {data.Windows:N0} windows ({data.DeviceDays:F1} device-days), {data.ScoredWindows:N0} scored at window level, {data.ExcludedWithoutTraffic:N0} anomalous windows without their episode's traffic left out of window-level figures.");
        text.AppendLine(Invariant, $"- **Macro-F1 over anomaly classes** (supervised): **{Number(report.MacroF1)}**. Evaluated in {report.EvaluationSeconds:F1} s.");
        text.AppendLine();

        text.AppendLine("## Supervised model, per class (window level, one versus rest)");
        text.AppendLine();
        text.AppendLine("| class | windows | precision | recall | F1 | ROC-AUC | PR-AUC |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var c in report.Classes)
        {
            text.AppendLine(Invariant, $"| {c.Class} | {c.Windows:N0} | {c.Precision:F3} | {c.Recall:F3} | {Number(c.F1)} | {Number(c.RocAuc)} | {Number(c.PrAuc)} |");
        }

        text.AppendLine();
        text.AppendLine("### Confusion matrix (rows: actual, columns: predicted)");
        text.AppendLine();
        var classes = report.ConfusionMatrix.Classes;
        text.AppendLine("| actual \\ predicted | " + string.Join(" | ", classes) + " |");
        text.AppendLine("|---|" + string.Concat(classes.Select(_ => "---:|")));
        for (var a = 0; a < classes.Count; a++)
        {
            text.AppendLine(Invariant, $"| {classes[a]} | {string.Join(" | ", report.ConfusionMatrix.Counts[a].Select(n => n.ToString("N0", Invariant)))} |");
        }

        text.AppendLine();
        text.AppendLine(Invariant, $"### Permutation importance (macro-F1 drop, top 15, stratified sample of {report.ImportanceSampleWindows:N0} windows)");
        text.AppendLine();
        text.AppendLine("| feature | F1 drop |");
        text.AppendLine("|---|---:|");
        foreach (var f in report.PermutationImportance)
        {
            text.AppendLine(Invariant, $"| {f.Feature} | {f.F1Drop:F4} |");
        }

        text.AppendLine();
        text.AppendLine("## Detectors side by side (normal against anomalous)");
        text.AppendLine();
        text.AppendLine("| detector | ROC-AUC | PR-AUC | precision | recall | F1 | false flags / device-day | false alerts | false alerts / 100 device-days |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var d in report.Detectors)
        {
            text.AppendLine(Invariant, $"| {d.Name} | {Number(d.RocAuc)} | {Number(d.PrAuc)} | {d.Precision:F3} | {d.Recall:F3} | {Number(d.F1)} | {d.FalseFlagsPerDeviceDay:F2} | {d.FalseAlerts:N0} | {d.FalseAlertsPer100DeviceDays:F1} |");
        }

        text.AppendLine();
        text.AppendLine(Invariant, $"Thresholds fixed at training: PCA score > {model.AnomalyThreshold:G4}, max |z| > {model.ZScoreThreshold:G4}; the supervised model flags any class but normal.");
        text.AppendLine();
        text.AppendLine("## Episodes per class and band");
        text.AppendLine();
        text.AppendLine("Detected: episodes with a window flagged (any), or predicted as the episode's class (class); delay: median windows from the onset to the first such window.");
        text.AppendLine();
        var header = new StringBuilder("| class | band | episodes |");
        var rule = new StringBuilder("|---|---|---:|");
        foreach (var d in report.Detectors)
        {
            header.Append(Invariant, $" {d.Name}: detected{(d.NamesClasses ? " (class / any)" : "")} | delay{(d.NamesClasses ? " (class / any)" : "")} |");
            rule.Append("---:|---:|");
        }

        text.AppendLine(header.ToString());
        text.AppendLine(rule.ToString());
        var first = report.Detectors.FirstOrDefault();
        for (var e = 0; first is not null && e < first.Events.Count; e++)
        {
            var row = new StringBuilder(string.Create(Invariant, $"| {first.Events[e].Class} | {first.Events[e].Band ?? "all"} | {first.Events[e].Episodes} |"));
            foreach (var d in report.Detectors)
            {
                var ev = d.Events[e];
                row.Append(d.NamesClasses
                    ? string.Create(Invariant, $" {ev.DetectedClass} / {ev.DetectedAny} | {Number(ev.MedianDelayClass, "F1")} / {Number(ev.MedianDelayAny, "F1")} |")
                    : string.Create(Invariant, $" {ev.DetectedAny} | {Number(ev.MedianDelayAny, "F1")} |"));
            }

            text.AppendLine(row.ToString());
        }

        text.AppendLine();
        text.AppendLine("## Plots");
        text.AppendLine();
        foreach (var plot in plots)
        {
            text.AppendLine(Invariant, $"![{plot}]({plot})");
            text.AppendLine();
        }

        return text.ToString();
    }

    private static string Number(double? value, string format = "F3") => value is { } v ? v.ToString(format, Invariant) : "–";
}
