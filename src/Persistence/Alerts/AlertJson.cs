using System.Text.Json;
using System.Text.Json.Serialization;
using DigitalTwin.Grains.Interfaces.Alerts;

namespace DigitalTwin.Persistence.Alerts;

/// <summary>
/// How the alert table's <c>alert</c> column holds an alert: System.Text.Json of the record itself, enums by name and
/// unknown measurements (NaN) as the text "NaN", so an alert reads back exactly as it was written.
/// </summary>
internal static class AlertJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static string Write(AnomalyAlert alert) => JsonSerializer.Serialize(alert, Options);

    public static AnomalyAlert Read(string json) =>
        JsonSerializer.Deserialize<AnomalyAlert>(json, Options) ?? throw new JsonException("an alert row holds null");
}
