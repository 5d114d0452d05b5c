using System.Buffers;
using System.Text;
using System.Text.Json;
using DigitalTwin.Grains.Interfaces.Values;
using DigitalTwin.Wire.Payloads;

namespace DigitalTwin.Persistence.MessageLog;

/// <summary>
/// The <c>data</c> column of the message log: a message's fields as one flat JSON object of numbers,
/// booleans and strings, the same shape a device sends.
/// </summary>
internal static class LoggedValuesJson
{
    public static string Write(NamedValue[] values)
    {
        var buffer = new ArrayBufferWriter<byte>(64 + (values.Length * 24));
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in values)
            {
                FieldJson.WriteField(writer, name, value);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static NamedValue[] Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        var values = new List<NamedValue>();
        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (!FieldJson.TryReadValue(property.Value, out var value))
            {
                throw new InvalidDataException($"logged field '{property.Name}' holds a {property.Value.ValueKind}, not a number, boolean or string");
            }

            values.Add(new NamedValue(property.Name, value));
        }

        return [.. values];
    }
}
