using System.Globalization;
using System.Text.Json;
using DigitalTwin.Api.Envelope;
using DigitalTwin.Grains.Commands;
using DigitalTwin.Grains.Interfaces.Commands;
using DigitalTwin.Grains.Interfaces.Values;
using DigitalTwin.Wire;
using DigitalTwin.Wire.Payloads;

namespace DigitalTwin.Api.Commands;

/// <summary>
/// Validates a command body — <c>{"action","parameters":{...},"timeout","ttl","qos","command_id"}</c> — and
/// the <c>wait</c> parameter. Whether the action and parameters suit the twin's type is the twin's check.
/// </summary>
internal static class CommandRequestReader
{
    /// <summary>Longest <c>wait</c>: below Orleans' 30 s call timeout, so a wait never fails as a timeout.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(25);

    private static readonly string[] CommandKeys = ["action", "parameters", "timeout", "ttl", "qos", "command_id"];

    public static string? TryRead(JsonElement body, CommandOptions options, IReadOnlyCollection<string> extraKeys, out CommandRequest request)
    {
        request = null!;
        if (body.ValueKind != JsonValueKind.Object)
        {
            return $"the body must be a JSON object, got {FieldSetReader.Describe(body.ValueKind)}";
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in body.EnumerateObject())
        {
            if (!seen.Add(property.Name))
            {
                return $"'{ApiErrors.Echo(property.Name, 64)}' appears more than once";
            }

            if (!CommandKeys.Contains(property.Name) && !extraKeys.Contains(property.Name))
            {
                return $"unknown field '{ApiErrors.Echo(property.Name, 64)}'; a command takes {string.Join(", ", CommandKeys.Concat(extraKeys))}";
            }
        }

        if (!body.TryGetProperty("action", out var actionElement) || actionElement.ValueKind != JsonValueKind.String || !FieldSetReader.IsValidName(actionElement.GetString()!))
        {
            return $"'action' is required: a string of {FieldLimits.NameRule}";
        }

        var parameters = new Dictionary<string, FieldValue>(StringComparer.Ordinal);
        if (body.TryGetProperty("parameters", out var parametersElement) && parametersElement.ValueKind != JsonValueKind.Null)
        {
            if (parametersElement.ValueKind != JsonValueKind.Object)
            {
                return $"'parameters' must be an object, got {FieldSetReader.Describe(parametersElement.ValueKind)}";
            }

            var error = FieldSetReader.TryReadDictionary(parametersElement, out parameters);
            if (error is not null)
            {
                return $"'parameters': {error.Message}";
            }
        }

        var timeoutError = TryReadSeconds(body, "timeout", options.DefaultTimeout, options.MaxTimeout, out var timeout);
        if (timeoutError is not null)
        {
            return timeoutError;
        }

        var ttlError = TryReadSeconds(body, "ttl", options.DefaultTimeToLive, options.MaxTimeToLive, out var ttl);
        if (ttlError is not null)
        {
            return ttlError;
        }

        var qos = 1;
        if (body.TryGetProperty("qos", out var qosElement))
        {
            if (qosElement.ValueKind != JsonValueKind.Number || !qosElement.TryGetInt32(out qos) || qos is not (1 or 2))
            {
                return "'qos' must be 1 or 2";
            }
        }

        string? commandId = null;
        if (body.TryGetProperty("command_id", out var idElement) && idElement.ValueKind != JsonValueKind.Null)
        {
            if (idElement.ValueKind != JsonValueKind.String || !CommandIds.IsValid(idElement.GetString()))
            {
                return $"'command_id' must be a string of {CommandIds.Rule}";
            }

            commandId = idElement.GetString();
        }

        request = new CommandRequest(actionElement.GetString()!, parameters, timeout, ttl, qos, commandId);
        return null;
    }

    /// <summary>Reads <c>wait</c>: seconds (<c>5</c>, <c>2.5</c>), or with a unit (<c>5s</c>, <c>500ms</c>), up to <see cref="MaxWait"/>.</summary>
    public static string? TryReadWait(string? text, out TimeSpan wait)
    {
        wait = TimeSpan.Zero;
        if (text is null)
        {
            return null;
        }

        var (number, scale) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 0.001)
            : text.EndsWith('s') ? (text[..^1], 1.0)
            : (text, 1.0);
        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            || !double.IsFinite(value) || value * scale > MaxWait.TotalSeconds)
        {
            return $"'wait' must be a duration such as 5s, 500ms or 2.5 (seconds), at most {MaxWait.TotalSeconds:0} s";
        }

        wait = TimeSpan.FromSeconds(value * scale);
        return null;
    }

    private static string? TryReadSeconds(JsonElement body, string name, TimeSpan fallback, TimeSpan max, out TimeSpan value)
    {
        value = fallback;
        if (!body.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        // At least a millisecond: a smaller positive number would round to a command that times out at once.
        if (element.ValueKind != JsonValueKind.Number || !element.TryGetDouble(out var seconds) || seconds < 0.001 || seconds > max.TotalSeconds)
        {
            return $"'{name}' must be a number of seconds from 0.001 to {max.TotalSeconds:0}";
        }

        value = TimeSpan.FromSeconds(seconds);
        return null;
    }
}
