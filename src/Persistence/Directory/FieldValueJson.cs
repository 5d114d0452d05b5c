using System.Text;
using System.Text.Json;
using DigitalTwin.Grains.Interfaces.Values;

namespace DigitalTwin.Persistence.Directory;

/// <summary>Field values as the JSON objects of the directory's <c>jsonb</c> columns: numbers, booleans and strings.</summary>
internal static class FieldValueJson
{
    public static string Write(IReadOnlyDictionary<string, FieldValue> values)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in values)
            {
                Write(writer, name, value);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    public static string Write(string name, FieldValue value) => Write(new Dictionary<string, FieldValue>(1) { [name] = value });

    public static Dictionary<string, FieldValue> Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        var values = new Dictionary<string, FieldValue>(StringComparer.Ordinal);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            values[property.Name] = property.Value.ValueKind switch
            {
                JsonValueKind.Number => FieldValue.FromNumber(property.Value.GetDouble()),
                JsonValueKind.True => FieldValue.FromBoolean(true),
                JsonValueKind.False => FieldValue.FromBoolean(false),
                _ => FieldValue.FromText(property.Value.GetString()!),
            };
        }

        return values;
    }

    private static void Write(Utf8JsonWriter writer, string name, FieldValue value)
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
                // PostgreSQL text, jsonb included, cannot hold U+0000: a device that sends it would otherwise
                // make every batch holding its entry fail for good. The replacement character stands in.
                writer.WriteString(name, value.Text?.Replace('\0', '\uFFFD'));
                break;
        }
    }
}
