using DigitalTwin.Behaviour.Dataset;
using DigitalTwin.Detection.Models;

namespace DigitalTwin.ModelTrainer.Evaluation;

/// <summary>The reference: the largest per-device-type |z| of any raw feature, flagged above the training threshold (<see cref="ZScoreReference"/>).</summary>
internal sealed class ZScoreDetector(ZScoreReference reference) : IWindowDetector
{
    public string Name => "z-score reference";

    public bool NamesClasses => false;

    public IReadOnlyList<WindowVerdict> Detect(LabelledWindows windows, IReadOnlyList<int> rows) =>
        rows.Select(i =>
            {
                var score = reference.Score(ModelPredictions.Raw(windows, i), windows.DeviceTypes[windows.TypeOf[i]]);
                var flagged = score > reference.Threshold;
                return new WindowVerdict(flagged ? WindowVerdict.Anomalous : GroundTruth.NormalClass, score, flagged);
            })
            .ToArray();
}
