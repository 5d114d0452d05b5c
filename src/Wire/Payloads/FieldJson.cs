using System.Text.Json;
using DigitalTwin.Grains.Interfaces.Values;

namespace DigitalTwin.Wire.Payloads;

/// <summary>
/// A field value as JSON: a number, a boolean or a string, the shape devices send. One writer and one
/// reader for every place that stores or publishes fields (MQTT updates, the message log, the directory).
/// </summary>
public static class FieldJson
{
    public static void WriteField(Utf8JsonWriter writer, string name, FieldValue value)
    {
        switch (value.Kind)
        {
            case FieldValueKind.Number:
                writer.WriteNumber(name, value.Number);
                break;
            case FieldValueKind.Boolean:
                writer.WriteBoolean(name, value.Number != 0);
                break;
            default:
                writer.WriteString(name, value.Text);
                break;
        }
    }

    /// <summary>Reads a scalar written by <see cref="WriteField"/>; false for objects, arrays and null.</summary>
    public static bool TryReadValue(JsonElement element, out FieldValue value)
    {
        value = element.ValueKind switch
        {
            JsonValueKind.Number => FieldValue.FromNumber(element.GetDouble()),
            JsonValueKind.True => FieldValue.FromBoolean(true),
            JsonValueKind.False => FieldValue.FromBoolean(false),
            JsonValueKind.String => FieldValue.FromText(element.GetString()!),
            _ => default,
        };
        return element.ValueKind is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False or JsonValueKind.String;
    }
}
