using System.Text.Json;
using System.Text.Json.Serialization;
using DigitalTwin.Grains.Interfaces.Alerts;
using DigitalTwin.Wire.Outbound;

namespace DigitalTwin.Api.Alerts;

/// <summary>
/// Writes an alert in API responses with the one writer MQTT and the live feeds use
/// (<see cref="PlatformMessageJson.WriteAlertObject"/>), so the three never differ. The API never reads alerts.
/// </summary>
internal sealed class AnomalyAlertJsonConverter : JsonConverter<AnomalyAlert>
{
    public override AnomalyAlert Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("the API does not read anomaly alerts");

    public override void Write(Utf8JsonWriter writer, AnomalyAlert value, JsonSerializerOptions options) =>
        PlatformMessageJson.WriteAlertObject(writer, value);
}
