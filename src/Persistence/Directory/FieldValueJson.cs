using System.Text;
using System.Text.Json;
using DigitalTwin.Grains.Interfaces.Values;
using DigitalTwin.Wire.Payloads;

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
            values[property.Name] = FieldJson.TryReadValue(property.Value, out var value)
                ? value
                : throw new InvalidDataException($"directory field '{property.Name}' holds a {property.Value.ValueKind}, not a number, boolean or string");
        }

        return values;
    }

    private static void Write(Utf8JsonWriter writer, string name, FieldValue value)
    {
        // PostgreSQL text, jsonb included, cannot hold U+0000. The edge refuses it (FieldSetReader); should
        // one get past, the replacement character stands in rather than failing every batch holding it.
        if (value.Kind == FieldValueKind.Text && value.Text!.Contains('\0', StringComparison.Ordinal))
        {
            value = FieldValue.FromText(value.Text.Replace('\0', '\uFFFD'));
        }

        FieldJson.WriteField(writer, name, value);
    }
}
