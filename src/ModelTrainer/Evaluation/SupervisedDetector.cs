using DigitalTwin.Behaviour.Dataset;

namespace DigitalTwin.ModelTrainer.Evaluation;

/// <summary>The model's classifier: names the most likely class; its score is 1 − P(normal); it flags any class but normal.</summary>
internal sealed class SupervisedDetector(ModelPredictions predictions) : IWindowDetector
{
    public string Name => "supervised (FastTree)";

    public bool NamesClasses => true;

    public IReadOnlyList<WindowVerdict> Detect(LabelledWindows windows, IReadOnlyList<int> rows)
    {
        var normal = predictions.Model.Manifest.Classes.ToList().IndexOf(GroundTruth.NormalClass);
        return predictions.For(windows, rows)
            .Select(p => new WindowVerdict(p.PredictedClass, normal < 0 ? 1 : 1 - p.Probabilities[normal], p.PredictedClass != GroundTruth.NormalClass))
            .ToArray();
    }
}
