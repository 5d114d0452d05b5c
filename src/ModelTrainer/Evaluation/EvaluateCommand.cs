using System.Diagnostics;
using System.Text.Json;
using DigitalTwin.Behaviour.Dataset;
using DigitalTwin.Grains.Detection;
using DigitalTwin.Detection.Models;
using DigitalTwin.ModelTrainer.Reports;

namespace DigitalTwin.ModelTrainer.Evaluation;

/// <summary>The <c>evaluate</c> verb: scores a model file's detectors beside the z-score reference and the twins' online baseline detection; writes report.md, report.json and plots.</summary>
internal static class EvaluateCommand
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken cancellationToken = default)
    {
        var options = EvaluationOptions.Parse(args);
        var clock = Stopwatch.StartNew();
        using var model = DetectionModel.Load(options.Model);
        output.WriteLine($"reading {options.Data}");
        var data = await LabelledWindows.ReadAsync(options.Data, cancellationToken);
        var predictions = new ModelPredictions(model);
        IWindowDetector[] detectors =
        [
            new SupervisedDetector(predictions),
            new AnomalyScoreDetector(predictions),
            new ZScoreDetector(model.Manifest.ZScoreReference),
            new OnlineBaselineDetector(new DetectionOptions()),
        ];
        var result = ModelEvaluation.Run(data, predictions, detectors, options, output);

        Directory.CreateDirectory(options.Out);
        var plots = ReportPlots.Write(result, options.Out);
        await File.WriteAllTextAsync(Path.Combine(options.Out, "report.json"), JsonSerializer.Serialize(result.Report, Json), cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(options.Out, "report.md"), MarkdownReport.Write(result.Report, plots), cancellationToken);
        output.WriteLine($"macro-F1 over anomaly classes: {result.Report.MacroF1:F3}");
        foreach (var d in result.Report.Detectors)
        {
            output.WriteLine($"{d.Name}: ROC-AUC {d.RocAuc:F3}, PR-AUC {d.PrAuc:F3}, false alerts / 100 device-days {d.FalseAlertsPer100DeviceDays:F1}");
        }

        output.WriteLine($"evaluated in {clock.Elapsed.TotalSeconds:F1} s; wrote {options.Out}/report.md, report.json and {plots.Count} plots");
        return 0;
    }
}
