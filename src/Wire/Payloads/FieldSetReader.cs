using System.Text.Json;
using DigitalTwin.Grains.Interfaces.Values;

namespace DigitalTwin.Wire.Payloads;

/// <summary>
/// Reads a JSON object of named scalar values (telemetry data, reported state, metadata, properties)
/// into <see cref="NamedValue"/>s. The one validator of field names and value types for MQTT and API alike.
/// </summary>
public static class FieldSetReader
{
    /// <summary>Reads every property of <paramref name="obj"/> except those in <paramref name="skip"/>.</summary>
    public static PayloadError? TryRead(JsonElement obj, out NamedValue[] values, IReadOnlySet<string>? skip = null)
    {
        try
        {
            return TryReadFields(obj, out values, skip, removed: null);
        }
        catch (InvalidOperationException)
        {
            // JsonElement decodes names and strings lazily and throws on bytes that are not UTF-8.
            values = [];
            return PayloadError.InvalidJson("a field name or value is not valid UTF-8");
        }
    }

    /// <summary>
    /// Reads a JSON Merge Patch (RFC 7396) of fields: a value sets the field, <c>null</c> removes it.
    /// Values follow the field rules, so objects and arrays (which would nest) are refused.
    /// </summary>
    public static PayloadError? TryReadMergePatch(JsonElement obj, out NamedValue[] set, out string[] remove)
    {
        var removed = new List<string>();
        try
        {
            var error = TryReadFields(obj, out set, skip: null, removed);
            remove = error is null ? [.. removed] : [];
            return error;
        }
        catch (InvalidOperationException)
        {
            set = [];
            remove = [];
            return PayloadError.InvalidJson("a field name or value is not valid UTF-8");
        }
    }

    /// <summary>Reads fields; with <paramref name="removed"/>, <c>null</c> values are allowed and their names collected there.</summary>
    private static PayloadError? TryReadFields(JsonElement obj, out NamedValue[] values, IReadOnlySet<string>? skip, List<string>? removed)
    {
        values = [];
        if (obj.ValueKind != JsonValueKind.Object)
        {
            return PayloadError.InvalidPayload($"expected a JSON object of fields, got {Describe(obj.ValueKind)}");
        }

        // Sized once and filled in place: no list to grow, no closure per field for the duplicate check.
        var result = new NamedValue[Math.Min(obj.GetPropertyCount(), FieldLimits.MaxFields)];
        var count = 0;
        foreach (var property in obj.EnumerateObject())
        {
            var name = property.Name;
            if (skip is not null && skip.Contains(name))
            {
                continue;
            }

            if (count + (removed?.Count ?? 0) == FieldLimits.MaxFields)
            {
                return PayloadError.InvalidPayload($"more than {FieldLimits.MaxFields} fields");
            }

            if (!IsValidName(name))
            {
                return PayloadError.InvalidValue(
                    $"field name '{Truncate(name)}' is invalid: use {FieldLimits.NameRule}");
            }

            if (Contains(result.AsSpan(0, count), name) || removed?.Contains(name) == true)
            {
                return PayloadError.InvalidPayload($"field '{name}' appears more than once");
            }

            if (removed is not null && property.Value.ValueKind == JsonValueKind.Null)
            {
                removed.Add(name);
                continue;
            }

            var error = TryReadValue(name, property.Value, out var value);
            if (error is not null)
            {
                return error;
            }

            result[count++] = new NamedValue(name, value);
        }

        values = count == result.Length ? result : result.AsSpan(0, count).ToArray();
        return null;
    }

    private static bool Contains(ReadOnlySpan<NamedValue> values, string name)
    {
        foreach (var value in values)
        {
            if (value.Name == name)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Reads a JSON object into a dictionary (metadata, properties).</summary>
    public static PayloadError? TryReadDictionary(JsonElement obj, out Dictionary<string, FieldValue> values)
    {
        var error = TryRead(obj, out var named);
        values = new Dictionary<string, FieldValue>(named.Length, StringComparer.Ordinal);
        foreach (var (name, value) in named)
        {
            values[name] = value;
        }

        return error;
    }

    public static bool IsValidName(string name)
    {
        if (name.Length is 0 or > FieldLimits.MaxNameLength || !(char.IsAsciiLetter(name[0]) || name[0] == '_'))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('_' or '.' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    private static PayloadError? TryReadValue(string name, JsonElement element, out FieldValue value)
    {
        value = default;
        switch (element.ValueKind)
        {
            case JsonValueKind.Number:
                if (!element.TryGetDouble(out var number) || !double.IsFinite(number))
                {
                    return PayloadError.InvalidValue($"field '{name}' is not a finite number");
                }

                value = FieldValue.FromNumber(number);
                return null;
            case JsonValueKind.True:
            case JsonValueKind.False:
                value = FieldValue.FromBoolean(element.GetBoolean());
                return null;
            case JsonValueKind.String:
                var text = element.GetString()!;
                if (text.Length > FieldLimits.MaxTextLength)
                {
                    return PayloadError.InvalidValue($"field '{name}' is longer than {FieldLimits.MaxTextLength} characters");
                }

                if (text.Contains('\0', StringComparison.Ordinal))
                {
                    return PayloadError.InvalidValue($"field '{name}' contains U+0000, which PostgreSQL cannot store");
                }

                value = FieldValue.FromText(text);
                return null;
            default:
                return PayloadError.InvalidValue(
                    $"field '{name}' must be a number, string or boolean, got {Describe(element.ValueKind)}");
        }
    }

    public static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private static string Truncate(string s) => s.Length <= 32 ? s : s[..32] + "...";
}
