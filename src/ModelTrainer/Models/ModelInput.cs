namespace DigitalTwin.ModelTrainer.Models;

/// <summary>One window as the ML.NET models read it: the normalised features (the vector's size is set in the schema) and its class.</summary>
internal sealed class ModelInput
{
    public float[] Features { get; set; } = [];

    /// <summary>The class at training; empty when predicting (the label's key mapping then yields a missing key).</summary>
    public string Label { get; set; } = "";
}
