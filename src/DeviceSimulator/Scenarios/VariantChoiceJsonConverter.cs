using System.Text.Json;
using System.Text.Json.Serialization;

namespace DigitalTwin.DeviceSimulator.Scenarios;

/// <summary>Reads a <see cref="VariantChoice"/>: a string or boolean, or a non-empty array of them.</summary>
internal sealed class VariantChoiceJsonConverter : JsonConverter<VariantChoice>
{
    // A rule lists a class's few variant values; a longer list is a mistake or an attack on the parser.
    private const int MaxValues = 16;

    public override VariantChoice Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return new VariantChoice([Scalar(ref reader)]);
        }

        var values = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (values.Count == MaxValues)
            {
                throw new JsonException($"a choice lists at most {MaxValues} values");
            }

            values.Add(Scalar(ref reader));
        }

        return values.Count == 0 ? throw new JsonException("an empty list leaves nothing to draw from") : new VariantChoice(values);
    }

    public override void Write(Utf8JsonWriter writer, VariantChoice value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var item in value.Values)
        {
            writer.WriteStringValue(item);
        }

        writer.WriteEndArray();
    }

    private static string Scalar(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString()!,
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        _ => throw new JsonException($"must be a string, a boolean or a list of them, not {reader.TokenType.ToString().ToLowerInvariant()}"),
    };
}
