using System.Text.Json.Serialization;

namespace DigitalTwin.Detection.Models;

/// <summary>
/// The JSON manifest of a <c>.dtnmodel</c> file (its <c>manifest.json</c> entry): what the file is, which features in
/// which order the models read, the classes in the order of the supervised model's probabilities, the normalisation
/// statistics, the unsupervised detector's centre and threshold, the z-score reference, where the training data came from and how
/// the models were trained. docs/detection.md describes every field.
/// </summary>
public sealed record ModelManifest(
    [property: JsonPropertyName("format")] string Format,
    [property: JsonPropertyName("format_version")] int FormatVersion,
    [property: JsonPropertyName("feature_schema_version")] int FeatureSchemaVersion,
    [property: JsonPropertyName("features")] IReadOnlyList<string> Features,
    [property: JsonPropertyName("classes")] IReadOnlyList<string> Classes,
    [property: JsonPropertyName("normalisation")] FeatureNormalisation Normalisation,
    [property: JsonPropertyName("anomaly_center")] IReadOnlyList<double> AnomalyCenter,
    [property: JsonPropertyName("anomaly_threshold")] double AnomalyThreshold,
    [property: JsonPropertyName("z_score_reference")] ZScoreReference ZScoreReference,
    [property: JsonPropertyName("training")] TrainingProvenance Training,
    [property: JsonPropertyName("trainer")] TrainerSettings Trainer,
    [property: JsonPropertyName("created")] DateTimeOffset Created)
{
    /// <summary>The value of <see cref="Format"/>: a zip that merely holds a manifest.json is not taken for a model.</summary>
    public const string FormatName = "dtn-detection-model";

    /// <summary>The layout this code reads and writes; a change to the entries or the manifest's meaning bumps it.</summary>
    public const int CurrentFormatVersion = 2;
}
