using DigitalTwin.ModelTrainer.Evaluation;
using ScottPlot;

namespace DigitalTwin.ModelTrainer.Reports;

/// <summary>
/// The report's PNG plots (ScottPlot 5, drawn by SkiaSharp with its Linux native library from
/// SkiaSharp.NativeAssets.Linux.NoDependencies, which ScottPlot brings: no system fontconfig needed).
/// </summary>
internal static class ReportPlots
{
    private const int Width = 1250;
    private const int Height = 760;

    /// <summary>Writes every plot into <paramref name="folder"/> and returns their file names.</summary>
    public static IReadOnlyList<string> Write(EvaluationResult result, string folder)
    {
        var files = new List<string>();
        void Save(Plot plot, string name, int width = Width, int height = Height)
        {
            plot.SavePng(Path.Combine(folder, name), width, height);
            files.Add(name);
        }

        Save(Curves(result.ClassCurves, roc: true, "Supervised model: ROC per class (one vs rest)"), "roc-classes.png");
        Save(Curves(result.ClassCurves, roc: false, "Supervised model: precision-recall per class (one vs rest)"), "pr-classes.png");
        Save(Curves(result.DetectorCurves, roc: true, "Detectors: ROC, normal vs anomalous"), "roc-detectors.png");
        Save(Curves(result.DetectorCurves, roc: false, "Detectors: precision-recall, normal vs anomalous"), "pr-detectors.png");
        var classes = result.Report.ConfusionMatrix.Classes.Count;
        Save(ConfusionMatrix(result.Report.ConfusionMatrix), "confusion-matrix.png", 240 + 78 * classes, 200 + 62 * classes);
        return files;
    }

    private static Plot Curves(IReadOnlyList<NamedCurves> curves, bool roc, string title)
    {
        var plot = new Plot();
        // Tsitsulin's 25 colours are all distinct and dark enough on white; Category20's pairs are too alike.
        var palette = new ScottPlot.Palettes.Tsitsulin();
        for (var i = 0; i < curves.Count; i++)
        {
            var points = roc ? curves[i].Roc : curves[i].PrecisionRecall;
            var line = plot.Add.ScatterLine(points.Select(p => p.X).ToArray(), points.Select(p => p.Y).ToArray(), palette.GetColor(i));
            line.LineWidth = 2;
            line.LegendText = $"{curves[i].Name} ({(roc ? "AUC" : "AP")} {(roc ? curves[i].RocAuc : curves[i].PrAuc):F3})";
        }

        if (roc)
        {
            var chance = plot.Add.Line(0, 0, 1, 1);
            chance.LineColor = Colors.Gray;
            chance.LinePattern = LinePattern.Dashed;
        }

        plot.Title(title);
        plot.XLabel(roc ? "false positive rate" : "recall");
        plot.YLabel(roc ? "true positive rate" : "precision");
        plot.Axes.SetLimits(-0.01, 1.01, -0.01, 1.01);
        // Outside the data area: inside, eleven entries hide the curves' interesting corner.
        plot.ShowLegend(Edge.Right);
        return plot;
    }

    private static Plot ConfusionMatrix(ConfusionFigures matrix)
    {
        // Shares of each actual class (rows sum to 1), so a rare class reads as clearly as normal; counts printed in the cells.
        var n = matrix.Classes.Count;
        var shares = new double[n, n];
        for (var a = 0; a < n; a++)
        {
            var total = matrix.Counts[a].Sum();
            for (var p = 0; p < n; p++)
            {
                shares[a, p] = total > 0 ? (double)matrix.Counts[a][p] / total : double.NaN;
            }
        }

        var plot = new Plot();
        var heatmap = plot.Add.Heatmap(shares);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        // The extent gives the centres of the corner cells, so cell (row a, column p) is centred on (p, n - 1 - a).
        heatmap.Extent = new CoordinateRect(0, n - 1, 0, n - 1);
        heatmap.ManualRange = new ScottPlot.Range(0, 1);
        for (var a = 0; a < n; a++)
        {
            for (var p = 0; p < n; p++)
            {
                var count = matrix.Counts[a][p];
                if (count == 0)
                {
                    continue;
                }

                var label = plot.Add.Text(count.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), p, n - 1 - a);
                label.LabelAlignment = Alignment.MiddleCenter;
                label.LabelFontSize = 12;
                label.LabelFontColor = shares[a, p] > 0.6 ? Colors.Black : Colors.White;
            }
        }

        var positions = Enumerable.Range(0, n).Select(i => (double)i).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(positions, matrix.Classes.ToArray());
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(positions, matrix.Classes.Reverse().ToArray());
        plot.Axes.Bottom.TickLabelStyle.Rotation = 45;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        plot.Axes.Bottom.MinimumSize = 150;
        plot.Axes.Left.MinimumSize = 150;
        plot.Add.ColorBar(heatmap).Label = "share of the actual class";
        plot.Title("Supervised model: confusion matrix (rows: actual, columns: predicted)");
        plot.XLabel("predicted");
        plot.YLabel("actual");
        plot.Axes.SetLimits(-0.5, n - 0.5, -0.5, n - 0.5);
        return plot;
    }
}
