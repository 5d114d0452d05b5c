using System.Text.Json;

namespace DigitalTwin.DeviceSimulator.Control;

/// <summary>A command as the platform publishes it on <c>device/{id}/command</c> (docs/mqtt.md).</summary>
public sealed record DeviceCommand(string CommandId, string Action, JsonElement Parameters, double? Timeout)
{
    /// <summary>
    /// Reads a command. Null with a reason when it has no usable <c>command_id</c> (nothing to ack) or the JSON is
    /// broken; a command with a bad action or parameters parses, so the device can answer it with a failed ack.
    /// </summary>
    public static DeviceCommand? Parse(ReadOnlySpan<byte> payload, out string? problem)
    {
        problem = null;
        try
        {
            using var document = JsonDocument.Parse(payload.ToArray());
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("command_id", out var id) || id.ValueKind != JsonValueKind.String || id.GetString() is not { Length: > 0 } commandId)
            {
                problem = "command without a command_id";
                return null;
            }

            var action = root.TryGetProperty("action", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString()! : "";
            var parameters = root.TryGetProperty("parameters", out var p) ? p.Clone() : default;
            double? timeout = root.TryGetProperty("timeout", out var t) && t.ValueKind == JsonValueKind.Number ? t.GetDouble() : null;
            return new DeviceCommand(commandId, action, parameters, timeout);
        }
        catch (JsonException ex)
        {
            problem = $"command is not JSON: {ex.Message}";
            return null;
        }
    }
}
