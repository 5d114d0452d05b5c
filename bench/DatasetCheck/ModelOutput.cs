namespace DigitalTwin.Bench.DatasetCheck;

/// <summary>The class the model predicts for one window.</summary>
internal sealed class ModelOutput
{
    public string PredictedLabel { get; set; } = "";
}
