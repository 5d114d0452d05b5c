using System.Diagnostics;
using DigitalTwin.Behaviour.Dataset;
using DigitalTwin.Behaviour.Evaluation;
using DigitalTwin.Behaviour.Features;
using DigitalTwin.Detection.Models;
using DigitalTwin.ModelTrainer.Reports;

namespace DigitalTwin.ModelTrainer.Evaluation;

/// <summary>
/// Scores a model and any number of detectors on the rows of a labelled dataset (docs/detection.md, "The report's
/// definitions"). Window-level figures count normal windows and the anomalous windows holding their episode's traffic;
/// an anomalous window without it is neither a hit nor a miss. Event-level figures and false alerts follow every
/// window of the split, since a flag in a window without the episode's traffic still found the episode.
/// </summary>
internal static class ModelEvaluation
{
    private const double SecondsPerDay = 86_400;

    public static EvaluationResult Run(LabelledWindows data, ModelPredictions predictions, IReadOnlyList<IWindowDetector> detectors, EvaluationOptions options, TextWriter progress)
    {
        var clock = Stopwatch.StartNew();
        var manifest = predictions.Model.Manifest;
        var rows = Enumerable.Range(0, data.Count).Where(i => options.AllRows || data.Test[i]).ToArray();
        var scored = rows.Select(i => data.ClassOf[i] == LabelledWindows.Normal || data.Present[i]).ToArray();
        var classes = data.Classes.Union(manifest.Classes)
            .Where(c => c != GroundTruth.NormalClass)
            .Order(StringComparer.Ordinal)
            .Prepend(GroundTruth.NormalClass)
            .ToArray();
        var classIndex = classes.Select((name, c) => (name, c)).ToDictionary(p => p.name, p => p.c, StringComparer.Ordinal);
        var actual = rows.Select(i => classIndex[data.Classes[data.ClassOf[i]]]).ToArray();

        progress.WriteLine($"predicting {rows.Length:N0} windows");
        var predicted = predictions.For(data, rows);
        var matrix = new ConfusionMatrix(classes.Length);
        for (var k = 0; k < rows.Length; k++)
        {
            if (scored[k])
            {
                matrix.Add(actual[k], classIndex[predicted[k].PredictedClass]);
            }
        }

        var classFigures = new List<ClassFigures>();
        var classCurves = new List<NamedCurves>();
        var scoredPositions = Enumerable.Range(0, rows.Length).Where(k => scored[k]).ToArray();
        for (var c = 0; c < classes.Length; c++)
        {
            var slot = manifest.Classes.ToList().IndexOf(classes[c]);
            var scores = scoredPositions.Select(k => slot < 0 ? 0 : predicted[k].Probabilities[slot]).ToArray();
            var positive = scoredPositions.Select(k => actual[k] == c).ToArray();
            var counts = matrix.CountsOf(c);
            // A class the model never learnt has no probability to rank by: its areas are undefined, not 0.5.
            var roc = slot < 0 ? double.NaN : RankingMetrics.RocAuc(scores, positive);
            var pr = slot < 0 ? double.NaN : RankingMetrics.AveragePrecision(scores, positive);
            classFigures.Add(new ClassFigures(classes[c], (long)matrix.Support(c), counts.Precision, counts.Recall, Defined(counts.F1), Defined(roc), Defined(pr)));
            if (!double.IsNaN(roc))
            {
                classCurves.Add(new NamedCurves(classes[c], RankingMetrics.RocCurve(scores, positive), RankingMetrics.PrecisionRecallCurve(scores, positive), roc, pr));
            }
        }

        progress.WriteLine("permutation importance");
        var (importance, sampleSize) = PermutationImportance(data, rows, scored, actual, classes, classIndex, predictions.Model, options);

        var normalDeviceDays = rows.Count(i => data.ClassOf[i] == LabelledWindows.Normal) * data.WindowSeconds / SecondsPerDay;
        var detectorFigures = new List<DetectorFigures>();
        var detectorCurves = new List<NamedCurves>();
        foreach (var detector in detectors)
        {
            progress.WriteLine($"scoring {detector.Name}");
            var verdicts = detector.Detect(data, rows);
            var (figures, curves) = Score(detector, verdicts, data, rows, scored, normalDeviceDays);
            detectorFigures.Add(figures);
            detectorCurves.Add(curves);
        }

        var report = new EvaluationReport(
            new ModelSummary(
                Path.GetFileName(options.Model),
                manifest.Created,
                manifest.Training.File,
                manifest.Training.ScenarioId,
                manifest.Training.Split,
                manifest.Training.WindowsPerClass,
                manifest.AnomalyThreshold,
                manifest.ZScoreReference.Threshold),
            new DatasetSummary(
                Path.GetFileName(data.Path),
                data.Provenance?.ScenarioId,
                data.Provenance?.Seed,
                data.Provenance?.GeneratorVersion,
                options.AllRows ? "all" : "test",
                rows.Length,
                scoredPositions.Length,
                rows.Length - scoredPositions.Length,
                rows.Length * data.WindowSeconds / SecondsPerDay,
                normalDeviceDays),
            classFigures,
            MacroF1(matrix),
            new ConfusionFigures(classes, Enumerable.Range(0, classes.Length)
                .Select(a => (IReadOnlyList<long>)Enumerable.Range(0, classes.Length).Select(p => (long)matrix[a, p]).ToArray())
                .ToArray()),
            importance,
            sampleSize,
            detectorFigures,
            Math.Round(clock.Elapsed.TotalSeconds, 1));
        return new EvaluationResult(report, classCurves, detectorCurves);
    }

    /// <summary>The mean F1 over the anomaly classes present in the scored rows (normal, class 0, dominates every file and is left out); null when none is.</summary>
    public static double? MacroF1(ConfusionMatrix matrix)
    {
        var scores = Enumerable.Range(1, matrix.Classes - 1).Where(c => matrix.Support(c) > 0).Select(c => matrix.CountsOf(c).F1).ToArray();
        return scores.Length == 0 ? null : scores.Average();
    }

    private static (DetectorFigures, NamedCurves) Score(IWindowDetector detector, IReadOnlyList<WindowVerdict> verdicts, LabelledWindows data, int[] rows, bool[] scored, double normalDeviceDays)
    {
        var scores = new List<double>();
        var positive = new List<bool>();
        double truePositives = 0, falsePositives = 0, falseNegatives = 0;
        var windows = new ScoredWindow[rows.Length];
        for (var k = 0; k < rows.Length; k++)
        {
            var i = rows[k];
            var anomalous = data.ClassOf[i] != LabelledWindows.Normal;
            var verdict = verdicts[k];
            windows[k] = new ScoredWindow(
                data.DeviceOf[i],
                data.StartSeconds[i],
                data.OnsetSeconds[i],
                data.ClassOf[i],
                data.BandOf[i],
                verdict.Flagged,
                anomalous && verdict.Class == data.Classes[data.ClassOf[i]]);
            if (!scored[k])
            {
                continue;
            }

            scores.Add(verdict.Score);
            positive.Add(anomalous);
            truePositives += anomalous && verdict.Flagged ? 1 : 0;
            falsePositives += !anomalous && verdict.Flagged ? 1 : 0;
            falseNegatives += anomalous && !verdict.Flagged ? 1 : 0;
        }

        var counts = new BinaryCounts(truePositives, falsePositives, falseNegatives);
        var roc = RankingMetrics.RocAuc(scores, positive);
        var pr = RankingMetrics.AveragePrecision(scores, positive);
        var episodes = EpisodeMatching.Episodes(windows, data.WindowSeconds);
        var events = new List<EventFigures>();
        foreach (var byClass in episodes.GroupBy(e => e.Class).OrderBy(g => data.Classes[g.Key], StringComparer.Ordinal))
        {
            events.Add(Events(detector, data.Classes[byClass.Key], null, byClass.ToArray()));
            foreach (var byBand in byClass.Where(e => e.Band >= 0).GroupBy(e => e.Band).OrderBy(g => data.Bands[g.Key], StringComparer.Ordinal))
            {
                events.Add(Events(detector, data.Classes[byClass.Key], data.Bands[byBand.Key], byBand.ToArray()));
            }
        }

        var falseAlerts = EpisodeMatching.FalseAlerts(windows, data.WindowSeconds);
        var figures = new DetectorFigures(
            detector.Name,
            detector.NamesClasses,
            Defined(roc),
            Defined(pr),
            counts.Precision,
            counts.Recall,
            Defined(counts.F1),
            (long)falsePositives,
            normalDeviceDays > 0 ? falsePositives / normalDeviceDays : 0,
            falseAlerts,
            normalDeviceDays > 0 ? 100 * falseAlerts / normalDeviceDays : 0,
            events);
        var curves = new NamedCurves(detector.Name, RankingMetrics.RocCurve(scores, positive), RankingMetrics.PrecisionRecallCurve(scores, positive), roc, pr);
        return (figures, curves);
    }

    private static EventFigures Events(IWindowDetector detector, string className, string? band, EpisodeOutcome[] episodes) => new(
        className,
        band,
        episodes.Length,
        detector.NamesClasses ? episodes.Count(e => e.DetectedClass) : null,
        episodes.Count(e => e.DetectedAny),
        detector.NamesClasses ? EpisodeMatching.Median(episodes.Where(e => e.DetectedClass).Select(e => e.DelayClass!.Value)) : null,
        EpisodeMatching.Median(episodes.Where(e => e.DetectedAny).Select(e => e.DelayAny!.Value)));

    /// <summary>
    /// F1 drop per feature when its column is shuffled across a stratified sample (up to
    /// <see cref="EvaluationOptions.ImportancePerClass"/> scored windows per class, so rare classes weigh in): the
    /// sample, not the whole split, keeps 56 re-predictions to seconds. The top 15 drops, largest first.
    /// </summary>
    private static (IReadOnlyList<FeatureImportance>, int) PermutationImportance(LabelledWindows data, int[] rows, bool[] scored, int[] actual, string[] classes, Dictionary<string, int> classIndex, DetectionModel model, EvaluationOptions options)
    {
        var random = new Random(options.Seed);
        var sample = Enumerable.Range(0, rows.Length)
            .Where(k => scored[k])
            .GroupBy(k => actual[k])
            .SelectMany(g => g.OrderBy(_ => random.Next()).Take(options.ImportancePerClass))
            .ToArray();
        var raw = sample.Select(k => ModelPredictions.Raw(data, rows[k])).ToArray();
        var types = sample.Select(k => data.DeviceTypes[data.TypeOf[rows[k]]]).ToArray();
        var truth = sample.Select(k => actual[k]).ToArray();

        double SampleF1(float[][] values)
        {
            var matrix = new ConfusionMatrix(classes.Length);
            var r = 0;
            foreach (var p in model.PredictMany(values.Select((v, j) => (v, types[j]))))
            {
                matrix.Add(truth[r++], classIndex[p.PredictedClass]);
            }

            return MacroF1(matrix) ?? 0;
        }

        var baseline = SampleF1(raw);
        var drops = new List<FeatureImportance>();
        for (var f = 0; f < FeatureCatalog.Count; f++)
        {
            var order = Enumerable.Range(0, raw.Length).OrderBy(_ => random.Next()).ToArray();
            var shuffled = raw.Select((row, j) =>
                {
                    var copy = (float[])row.Clone();
                    copy[f] = raw[order[j]][f];
                    return copy;
                })
                .ToArray();
            drops.Add(new FeatureImportance(FeatureCatalog.All[f].Name, Math.Round(baseline - SampleF1(shuffled), 4)));
        }

        return (drops.OrderByDescending(d => d.F1Drop).Take(15).ToArray(), sample.Length);
    }

    private static double? Defined(double value) => double.IsNaN(value) ? null : value;
}
