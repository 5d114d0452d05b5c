using System.Text.Json;

namespace DigitalTwin.DeviceSimulator.Control;

/// <summary>One parameter of an action as BuiltInDeviceTypes.json declares it.</summary>
public sealed record ParameterSpec(string Type, bool Required, double? Minimum, double? Maximum, IReadOnlyList<string>? Values, int? MaxLength)
{
    /// <summary>Null when the value fits, else why not.</summary>
    public string? Check(string name, JsonElement value)
    {
        switch (Type)
        {
            case "number" or "integer":
                if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number))
                {
                    return $"parameter '{name}' must be a number";
                }

                if (Type == "integer" && number != Math.Floor(number))
                {
                    return $"parameter '{name}' must be a whole number";
                }

                if (number < Minimum || number > Maximum)
                {
                    return $"parameter '{name}' must be between {Minimum?.ToString() ?? "-∞"} and {Maximum?.ToString() ?? "∞"}";
                }

                return null;
            case "boolean":
                return value.ValueKind is JsonValueKind.True or JsonValueKind.False ? null : $"parameter '{name}' must be true or false";
            default:
                if (value.ValueKind != JsonValueKind.String)
                {
                    return $"parameter '{name}' must be a string";
                }

                var text = value.GetString()!;
                if (Values is { Count: > 0 } && !Values.Contains(text))
                {
                    return $"parameter '{name}' must be one of {string.Join(", ", Values)}";
                }

                return text.Length > MaxLength ? $"parameter '{name}' is longer than {MaxLength} characters" : null;
        }
    }
}
