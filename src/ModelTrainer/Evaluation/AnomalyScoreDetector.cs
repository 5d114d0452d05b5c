using DigitalTwin.Behaviour.Dataset;

namespace DigitalTwin.ModelTrainer.Evaluation;

/// <summary>The model's unsupervised detector: the PCA anomaly score, flagged above the threshold fixed at training.</summary>
internal sealed class AnomalyScoreDetector(ModelPredictions predictions) : IWindowDetector
{
    public string Name => "unsupervised (PCA)";

    public bool NamesClasses => false;

    public IReadOnlyList<WindowVerdict> Detect(LabelledWindows windows, IReadOnlyList<int> rows) =>
        predictions.For(windows, rows)
            .Select(p => new WindowVerdict(p.AnomalyFlagged ? WindowVerdict.Anomalous : GroundTruth.NormalClass, p.AnomalyScore, p.AnomalyFlagged))
            .ToArray();
}
