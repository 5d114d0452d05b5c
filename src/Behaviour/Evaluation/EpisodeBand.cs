using System.Text.Json;

namespace DigitalTwin.Behaviour.Evaluation;

/// <summary>
/// The intensity band of an anomaly episode (<c>"standard"</c>, <c>"low_and_slow"</c>, …), read from the
/// <c>"band"</c> key of its ground-truth parameters. Files from before bands existed have none.
/// </summary>
internal static class EpisodeBand
{
    /// <summary>The band in a ground truth's parameters JSON, or null when it names none (or is no JSON object).</summary>
    public static string? Of(string parameters)
    {
        try
        {
            using var json = JsonDocument.Parse(parameters);
            return json.RootElement.ValueKind == JsonValueKind.Object
                   && json.RootElement.TryGetProperty("band", out var band)
                   && band.ValueKind == JsonValueKind.String
                ? band.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
