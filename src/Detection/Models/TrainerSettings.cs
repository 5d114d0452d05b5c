using System.Text.Json.Serialization;

namespace DigitalTwin.Detection.Models;

/// <summary>
/// How a model was trained. The supervised model is ML.NET FastTree, one binary ensemble per class (one versus all,
/// calibrated, the probabilities renormalised to sum to 1); normal training windows are kept at
/// <see cref="NormalRate"/>, except the look-alikes (those whose z-score is at least the <see cref="LookAlikeQuantile"/>
/// quantile of the normal training windows'), which are all kept; every anomalous one with traffic is kept. Models
/// trained before look-alikes were kept have no quantile. The unsupervised detector is ML.NET's
/// randomized PCA fitted on a seeded sample of at most <see cref="NormalSample"/> normal training windows (the same sample gives the normalisation statistics and the z-score reference); its threshold is the
/// <see cref="AnomalyQuantile"/> quantile of their scores.
/// </summary>
public sealed record TrainerSettings(
    [property: JsonPropertyName("supervised")] string Supervised,
    [property: JsonPropertyName("trees")] int Trees,
    [property: JsonPropertyName("leaves")] int Leaves,
    [property: JsonPropertyName("learning_rate")] double LearningRate,
    [property: JsonPropertyName("normal_rate")] double NormalRate,
    [property: JsonPropertyName("unsupervised")] string Unsupervised,
    [property: JsonPropertyName("pca_rank")] int PcaRank,
    [property: JsonPropertyName("normal_sample")] int NormalSample,
    [property: JsonPropertyName("anomaly_quantile")] double AnomalyQuantile,
    [property: JsonPropertyName("seed")] int Seed,
    [property: JsonPropertyName("training_seconds")] double TrainingSeconds,
    [property: JsonPropertyName("look_alike_quantile")] double? LookAlikeQuantile = null);
