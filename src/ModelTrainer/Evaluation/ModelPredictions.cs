using DigitalTwin.Behaviour.Dataset;
using DigitalTwin.Behaviour.Features;
using DigitalTwin.Detection.Models;

namespace DigitalTwin.ModelTrainer.Evaluation;

/// <summary>
/// A model's predictions on a set of rows, computed once: the supervised and the unsupervised detector come from the
/// same model file and one pass of it, and the per-class metrics need its probabilities as well.
/// </summary>
internal sealed class ModelPredictions(DetectionModel model)
{
    private (LabelledWindows Windows, IReadOnlyList<int> Rows, IReadOnlyList<WindowPrediction> Predictions)? _last;

    public DetectionModel Model => model;

    public IReadOnlyList<WindowPrediction> For(LabelledWindows windows, IReadOnlyList<int> rows)
    {
        if (_last is { } last && ReferenceEquals(last.Windows, windows) && ReferenceEquals(last.Rows, rows))
        {
            return last.Predictions;
        }

        var predictions = model.PredictMany(rows.Select(i => (Raw(windows, i), windows.DeviceTypes[windows.TypeOf[i]]))).ToArray();
        _last = (windows, rows, predictions);
        return predictions;
    }

    /// <summary>Row <paramref name="row"/>'s raw feature values, catalog order.</summary>
    public static float[] Raw(LabelledWindows windows, int row)
    {
        var raw = new float[FeatureCatalog.Count];
        for (var f = 0; f < raw.Length; f++)
        {
            raw[f] = windows.Features[f][row];
        }

        return raw;
    }
}
