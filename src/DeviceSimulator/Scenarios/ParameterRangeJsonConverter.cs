using System.Text.Json;
using System.Text.Json.Serialization;
using DigitalTwin.DeviceSimulator.Traffic;

namespace DigitalTwin.DeviceSimulator.Scenarios;

/// <summary>
/// Reads a rule parameter given as one number (a fixed value, as scenario files always allowed) or as a range
/// <c>{"min": 0.1, "max": 5, "scale": "log"}</c> (scale <c>linear</c> when absent). Only the shape is checked here;
/// <see cref="ScenarioFile"/> checks the values, so one run reports every bad bound.
/// </summary>
internal sealed class ParameterRangeJsonConverter : JsonConverter<ParameterRange?>
{
    private const string Shape = "must be a number or a range {\"min\": <number>, \"max\": <number>, \"scale\": \"linear\"|\"log\"}";

    public override ParameterRange? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return ParameterRange.Fixed(Number(ref reader));
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"{Describe(ref reader)} {Shape}");
        }

        double? min = null, max = null;
        var log = false;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var key = reader.GetString();
            reader.Read();
            switch (key)
            {
                case "min" when reader.TokenType == JsonTokenType.Number:
                    min = Number(ref reader);
                    break;
                case "max" when reader.TokenType == JsonTokenType.Number:
                    max = Number(ref reader);
                    break;
                case "scale" when reader.TokenType == JsonTokenType.String && reader.GetString() is "linear" or "log":
                    log = reader.GetString() == "log";
                    break;
                case "min" or "max":
                    throw new JsonException($"{key}: {Describe(ref reader)} must be a number");
                case "scale":
                    throw new JsonException($"scale: {Describe(ref reader)} must be \"linear\" or \"log\"");
                default:
                    throw new JsonException($"unknown key '{key}' in a range: it takes min, max and scale");
            }
        }

        if (min is null || max is null)
        {
            throw new JsonException($"a range needs both min and max ({Shape})");
        }

        return new ParameterRange(min.Value, max.Value, log);
    }

    public override void Write(Utf8JsonWriter writer, ParameterRange? value, JsonSerializerOptions options)
    {
        if (value is not { } range)
        {
            writer.WriteNullValue();
        }
        else if (range.IsFixed)
        {
            writer.WriteNumberValue(range.Min);
        }
        else
        {
            writer.WriteStartObject();
            writer.WriteNumber("min", range.Min);
            writer.WriteNumber("max", range.Max);
            writer.WriteString("scale", range.Log ? "log" : "linear");
            writer.WriteEndObject();
        }
    }

    private static double Number(ref Utf8JsonReader reader) =>
        // A number too large for a double (1e400) reads as infinity: refuse it here, naming the text as written.
        reader.TryGetDouble(out var value) && double.IsFinite(value)
            ? value
            : throw new JsonException($"{System.Text.Encoding.UTF8.GetString(reader.ValueSpan)} is not a finite number");

    private static string Describe(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => $"'{reader.GetString()}'",
        JsonTokenType.True or JsonTokenType.False => reader.TokenType.ToString().ToLowerInvariant(),
        JsonTokenType.StartArray => "an array",
        JsonTokenType.StartObject => "an object",
        _ => reader.TokenType.ToString().ToLowerInvariant(),
    };
}
