using System.Text.Json.Serialization;

namespace DigitalTwin.DeviceSimulator.Scenarios;

/// <summary>
/// A rule's choice for a class-specific variant: one value (<c>"ssh"</c>, <c>true</c>) that every episode takes, or
/// several (<c>["ssh", "mqtt"]</c>) drawn uniformly per episode. Booleans are kept as <c>true</c>/<c>false</c>.
/// </summary>
[JsonConverter(typeof(VariantChoiceJsonConverter))]
public sealed record VariantChoice(IReadOnlyList<string> Values);
