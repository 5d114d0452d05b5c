using System.Text.Json.Serialization;

namespace DigitalTwin.Detection.Models;

/// <summary>
/// A location and a scale per feature (in <see cref="ModelManifest.Features"/> order), fitted on the training data's
/// normal windows of one device type, or of the whole fleet. <see cref="Windows"/> says how many windows they rest on.
/// </summary>
public sealed record FeatureStatistics(
    [property: JsonPropertyName("windows")] long Windows,
    [property: JsonPropertyName("center")] IReadOnlyList<double> Center,
    [property: JsonPropertyName("scale")] IReadOnlyList<double> Scale);
