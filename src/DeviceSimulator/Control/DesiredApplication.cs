using System.Buffers;
using System.Text.Json;
using DigitalTwin.DeviceSimulator.Telemetry;

namespace DigitalTwin.DeviceSimulator.Control;

/// <summary>What a device did with one desired document: the fields it took, those it refused and why, and the state to report.</summary>
internal sealed record DesiredApplication(long? Version, IReadOnlyList<string> Applied, IReadOnlyList<KeyValuePair<string, string>> Refused, TelemetryReading State)
{
    /// <summary>Report the state when a field was taken, so the twin's delta clears.</summary>
    public bool ShouldReport => Applied.Count > 0;

    /// <summary>
    /// A device error report (docs/mqtt.md, <c>device/{id}/error</c>) naming the refused fields; null when none was.
    /// </summary>
    public byte[]? ToErrorReport(string deviceId, DateTimeOffset timestamp)
    {
        if (Refused.Count == 0)
        {
            return null;
        }

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("device_id", deviceId);
            writer.WriteNumber("timestamp", timestamp.ToUnixTimeMilliseconds() / 1000.0);
            writer.WriteString("error_code", "DESIRED_VALUE_REFUSED");
            writer.WriteString("message", string.Join("; ", Refused.Select(r => $"{r.Key} {r.Value}")));
            writer.WriteString("severity", "warning");
            writer.WriteStartObject("details");
            if (Version is { } version)
            {
                writer.WriteNumber("version", version);
            }

            foreach (var (field, reason) in Refused)
            {
                writer.WriteString(field, reason);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
