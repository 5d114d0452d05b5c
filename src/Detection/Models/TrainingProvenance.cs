using System.Text.Json.Serialization;

namespace DigitalTwin.Detection.Models;

/// <summary>
/// Which data a model was trained on: the dataset file's name, the scenario, seed and generator version of its rows,
/// the split used, the windows used per class (after down-sampling normal ones), the anomalous windows left out
/// because their episode put no traffic in them, and the normal windows kept only for being look-alikes (see
/// <see cref="TrainerSettings.LookAlikeQuantile"/>).
/// </summary>
public sealed record TrainingProvenance(
    [property: JsonPropertyName("file")] string File,
    [property: JsonPropertyName("scenario_id")] string? ScenarioId,
    [property: JsonPropertyName("seed")] long? Seed,
    [property: JsonPropertyName("generator_version")] string? GeneratorVersion,
    [property: JsonPropertyName("split")] string Split,
    [property: JsonPropertyName("windows_per_class")] IReadOnlyDictionary<string, long> WindowsPerClass,
    [property: JsonPropertyName("normal_windows_for_statistics")] long NormalWindowsForStatistics,
    [property: JsonPropertyName("excluded_without_traffic")] long ExcludedWithoutTraffic,
    [property: JsonPropertyName("look_alike_windows")] long LookAlikeWindows = 0);
