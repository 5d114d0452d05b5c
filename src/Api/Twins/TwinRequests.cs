using System.Text.Json;
using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.Interfaces.Values;
using DigitalTwin.Wire.Payloads;

namespace DigitalTwin.Api.Twins;

/// <summary>Validation of twin request bodies, with the same field rules as device payloads.</summary>
internal static class TwinRequests
{
    public static string? TryReadDefinition(string? type, JsonElement? metadata, JsonElement? properties, out TwinDefinition definition)
    {
        definition = null!;
        if (string.IsNullOrEmpty(type) || !FieldSetReader.IsValidName(type))
        {
            return $"'type' is required: {FieldLimits.NameRule}";
        }

        var error = TryReadFields("metadata", metadata, out var metadataValues);
        if (error is not null)
        {
            return error;
        }

        error = TryReadFields("properties", properties, out var propertyValues);
        if (error is not null)
        {
            return error;
        }

        definition = new TwinDefinition(type, metadataValues, propertyValues);
        return null;
    }

    public static string? TryReadFields(string name, JsonElement? body, out Dictionary<string, FieldValue> values)
    {
        values = new Dictionary<string, FieldValue>(StringComparer.Ordinal);
        if (body is not { } element || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var error = FieldSetReader.TryReadDictionary(element, out values);
        return error is null ? null : $"'{name}': {error.Message}";
    }
}
