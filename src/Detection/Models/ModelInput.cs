namespace DigitalTwin.Detection.Models;

/// <summary>
/// One window as the ML.NET models read it (the vectors' sizes are set in the schema) and its class: the features
/// normalised per device type (both models), and their magnitudes, asinh of the raw values without the type's
/// normalisation (the classifier only: how much a window holds, whatever its type, tells classes apart that a
/// per-type scale blurs).
/// </summary>
internal sealed class ModelInput
{
    /// <summary>The column the classifier reads: <see cref="Features"/> then <see cref="Magnitudes"/>.</summary>
    public const string ClassifierFeatures = "ClassifierFeatures";

    public float[] Features { get; set; } = [];

    public float[] Magnitudes { get; set; } = [];

    /// <summary>A window of <paramref name="deviceType"/> from its raw values in catalogue order (NaN read as 0).</summary>
    public static ModelInput Of(ReadOnlySpan<float> raw, string deviceType, FeatureNormalisation normalisation, string label = "")
    {
        var features = new float[raw.Length];
        var magnitudes = new float[raw.Length];
        normalisation.Apply(raw, deviceType, features, magnitudes);
        return new ModelInput { Features = features, Magnitudes = magnitudes, Label = label };
    }

    /// <summary>The class at training; empty when predicting (the label's key mapping then yields a missing key).</summary>
    public string Label { get; set; } = "";
}
