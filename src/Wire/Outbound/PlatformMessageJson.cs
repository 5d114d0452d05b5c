using System.Buffers;
using System.Text.Json;
using DigitalTwin.Grains.Interfaces.Alerts;
using DigitalTwin.Grains.Interfaces.Commands;
using DigitalTwin.Grains.Interfaces.Events;
using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.Interfaces.Values;
using DigitalTwin.Wire.Payloads;

namespace DigitalTwin.Wire.Outbound;

/// <summary>
/// The JSON of what the platform says, written in one place: the MQTT bridge publishes these bytes on
/// <c>twin/{id}/update</c>, <c>device/{id}/error|command|desired</c>, and the live feeds send the very same
/// bytes to their consumers, so the two can never drift apart.
/// </summary>
public static class PlatformMessageJson
{
    /// <summary>A twin change (seed §8.2): <c>{"type":"twin_update","twin_id","version",...,"state":{...},"timestamp"}</c>.</summary>
    public static byte[] Write(TwinUpdate update) => Write(writer =>
    {
        writer.WriteString("type", TwinEventTypes.TwinUpdate);
        writer.WriteString("twin_id", update.TwinId);
        writer.WriteNumber("version", update.Version);
        writer.WriteString("lifecycle", WireNames.Of(update.Lifecycle));
        writer.WriteString("status", WireNames.Of(update.Presence));
        writer.WriteString("source", update.Source);
        if (update.Deleted)
        {
            writer.WriteBoolean("deleted", true);
        }

        writer.WriteStartObject("state");
        foreach (var (name, value) in update.Changed)
        {
            FieldJson.WriteField(writer, name, value);
        }

        writer.WriteEndObject();
        writer.WriteString("timestamp", update.Timestamp.UtcDateTime);
    });

    /// <summary>An error message for <c>device/{id}/error</c> (seed §5.2), with epoch-second timestamp as devices expect.</summary>
    public static byte[] Write(DeviceError error) => Write(writer =>
    {
        writer.WriteString("device_id", error.DeviceId);
        writer.WriteNumber("timestamp", Math.Round(error.Timestamp.ToUnixTimeMilliseconds() / 1000.0, 3));
        writer.WriteString("type", "error");
        writer.WriteString("error_code", error.Code);
        writer.WriteString("message", error.Message);
        writer.WriteStartObject("details");
        writer.WriteString("topic", error.Topic);
        writer.WriteEndObject();
    });

    /// <summary>A change of announced presence: <c>{"type":"presence","twin_id","status","previous","timestamp"}</c>.</summary>
    public static byte[] WritePresence(string twinId, PresenceStatus status, PresenceStatus previous, DateTimeOffset timestamp) => Write(writer =>
    {
        writer.WriteString("type", TwinEventTypes.Presence);
        writer.WriteString("twin_id", twinId);
        writer.WriteString("status", WireNames.Of(status));
        writer.WriteString("previous", WireNames.Of(previous));
        writer.WriteString("timestamp", timestamp.UtcDateTime);
    });

    /// <summary>
    /// A device-reported error as an alert:
    /// <c>{"type":"alert","twin_id","severity","error_code","message","details":{...},"device_timestamp","timestamp"}</c>.
    /// </summary>
    public static byte[] WriteAlert(DeviceAlert alert, DateTimeOffset timestamp) => Write(writer =>
    {
        writer.WriteString("type", TwinEventTypes.Alert);
        writer.WriteString("twin_id", alert.DeviceId);
        writer.WriteString("severity", alert.Severity);
        writer.WriteString("error_code", alert.ErrorCode);
        writer.WriteString("message", alert.Message);
        if (alert.DetailsJson is { } details)
        {
            writer.WritePropertyName("details");
            writer.WriteRawValue(details, skipInputValidation: true);
        }

        writer.WriteString("device_timestamp", alert.DeviceTimestamp.UtcDateTime);
        writer.WriteString("timestamp", timestamp.UtcDateTime);
    });

    /// <summary>
    /// A change of an anomaly alert, for <c>twin/{id}/alert</c> and the live feeds:
    /// <c>{"type":"anomaly_alert","change","twin_id","alert":{...},"timestamp"}</c>, the alert as <see cref="WriteAlertObject"/> writes it.
    /// </summary>
    public static byte[] WriteAnomalyAlert(AnomalyAlert alert, string change, DateTimeOffset timestamp) => Write(writer =>
    {
        writer.WriteString("type", TwinEventTypes.AnomalyAlert);
        writer.WriteString("change", change);
        writer.WriteString("twin_id", alert.TwinId);
        writer.WritePropertyName("alert");
        WriteAlertObject(writer, alert);
        writer.WriteString("timestamp", timestamp.UtcDateTime);
    });

    /// <summary>An anomaly alert as a JSON object, the shape the API returns too.</summary>
    public static void WriteAlertObject(Utf8JsonWriter writer, AnomalyAlert alert)
    {
        writer.WriteStartObject();
        writer.WriteString("id", alert.Id);
        writer.WriteString("twin_id", alert.TwinId);
        writer.WriteString("twin_type", alert.TwinType);
        writer.WriteString("type", alert.Type);
        writer.WriteString("severity", WireNames.Of(alert.Severity));
        writer.WriteString("status", WireNames.Of(alert.Status));
        writer.WriteString("first_seen", alert.FirstSeen.UtcDateTime);
        writer.WriteString("last_seen", alert.LastSeen.UtcDateTime);
        writer.WriteNumber("windows", alert.Windows);
        writer.WriteNumber("peak_score", alert.PeakScore);
        writer.WriteString("baseline", alert.Baseline);
        WriteOptional(writer, "acknowledged_by", alert.AcknowledgedBy);
        WriteOptional(writer, "acknowledged_at", alert.AcknowledgedAt);
        WriteOptional(writer, "cleared_by", alert.ClearedBy);
        WriteOptional(writer, "cleared_at", alert.ClearedAt);
        writer.WriteString("updated_at", alert.UpdatedAt.UtcDateTime);
        writer.WriteStartArray("evidence");
        foreach (var evidence in alert.Evidence)
        {
            writer.WriteStartObject();
            writer.WriteString("window_start", evidence.WindowStart.UtcDateTime);
            writer.WriteNumber("score", evidence.Score);
            writer.WriteString("behaviour", evidence.Behaviour);
            writer.WriteStartArray("reasons");
            foreach (var reason in evidence.Reasons)
            {
                writer.WriteStartObject();
                writer.WriteString("feature", reason.Feature);
                WriteNumber(writer, "value", reason.Value);
                WriteNumber(writer, "baseline", reason.Centre);
                WriteNumber(writer, "spread", reason.Spread);
                writer.WriteNumber("score", reason.Score);
                writer.WriteString("direction", reason.Above ? "above" : "below");
                writer.WriteString("text", reason.Text);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            WriteNumber(writer, "persistence", evidence.Persistence ?? double.NaN);
            if (evidence.ModelClass is { } modelClass)
            {
                writer.WriteStartObject("model");
                writer.WriteString("class", modelClass);
                writer.WriteNumber("probability", evidence.ModelProbability ?? 0);
                writer.WriteEndObject();
            }
            else
            {
                writer.WriteNull("model");
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>A command for <c>device/{id}/command</c> (seed §5.2), with epoch-second timestamp as devices expect.</summary>
    public static byte[] Write(DeviceCommand command) => Write(writer =>
    {
        writer.WriteString("command_id", command.CommandId);
        writer.WriteString("device_id", command.DeviceId);
        writer.WriteNumber("timestamp", Math.Round(command.Timestamp.ToUnixTimeMilliseconds() / 1000.0, 3));
        writer.WriteString("action", command.Action);
        WriteFields(writer, "parameters", command.Parameters);
        writer.WriteNumber("timeout", command.Timeout.TotalSeconds);
    });

    /// <summary>The desired document for <c>device/{id}/desired</c>: <c>{"version","desired":{...},"delta":{...},"timestamp"}</c>.</summary>
    public static byte[] Write(DesiredUpdate update) => Write(writer =>
    {
        writer.WriteNumber("version", update.Version);
        WriteFields(writer, "desired", update.Desired);
        WriteFields(writer, "delta", update.Delta);
        writer.WriteString("timestamp", update.Timestamp.UtcDateTime);
    });

    /// <summary>
    /// A command's change of status:
    /// <c>{"type":"command_status","twin_id","command_id","action","status","previous","reason","job_id","timestamp"}</c>;
    /// <paramref name="previous"/>, <paramref name="reason"/> and <paramref name="jobId"/> are left out when null.
    /// </summary>
    public static byte[] WriteCommandStatus(
        string twinId,
        string commandId,
        string action,
        CommandStatus status,
        CommandStatus? previous,
        string? reason,
        string? jobId,
        DateTimeOffset timestamp) => Write(writer =>
    {
        writer.WriteString("type", TwinEventTypes.CommandStatus);
        writer.WriteString("twin_id", twinId);
        writer.WriteString("command_id", commandId);
        writer.WriteString("action", action);
        writer.WriteString("status", WireNames.Of(status));
        if (previous is { } before)
        {
            writer.WriteString("previous", WireNames.Of(before));
        }

        if (reason is not null)
        {
            writer.WriteString("reason", reason);
        }

        if (jobId is not null)
        {
            writer.WriteString("job_id", jobId);
        }

        writer.WriteString("timestamp", timestamp.UtcDateTime);
    });

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, DateTimeOffset? value)
    {
        if (value is { } time)
        {
            writer.WriteString(name, time.UtcDateTime);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    /// <summary>A measured number; NaN (nothing known) as null, which JSON can hold.</summary>
    private static void WriteNumber(Utf8JsonWriter writer, string name, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumber(name, value);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private static void WriteFields(Utf8JsonWriter writer, string name, IReadOnlyDictionary<string, FieldValue> fields)
    {
        writer.WriteStartObject(name);
        foreach (var (field, value) in fields)
        {
            FieldJson.WriteField(writer, field, value);
        }

        writer.WriteEndObject();
    }

    /// <summary>
    /// Renders into a buffer and writer kept per thread, then copies out the bytes. A fresh writer over a fresh
    /// buffer grew it to 4 KiB and more for every message (Utf8JsonWriter asks for at least 4 KiB once its first
    /// 256 bytes are full): a third of the silo's allocated bytes at full ingest, profiled. A buffer that grew past
    /// <see cref="MaxKeptBufferBytes"/> is not kept.
    /// </summary>
    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        var rendering = _rendering ?? new Rendering();
        _rendering = null;
        try
        {
            var writer = rendering.Writer;
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
            writer.Flush();
            return rendering.Buffer.WrittenSpan.ToArray();
        }
        finally
        {
            if (rendering.Buffer.Capacity <= MaxKeptBufferBytes)
            {
                rendering.Reset();
                _rendering = rendering;
            }
        }
    }

    private const int MaxKeptBufferBytes = 64 * 1024;

    /// <summary>This thread's buffer and writer, or null while a rendering on this thread holds them.</summary>
    [ThreadStatic]
    private static Rendering? _rendering;

    private sealed class Rendering
    {
        public Rendering()
        {
            Writer = new Utf8JsonWriter(Buffer);
        }

        public ArrayBufferWriter<byte> Buffer { get; } = new(8 * 1024);

        public Utf8JsonWriter Writer { get; }

        public void Reset()
        {
            Buffer.ResetWrittenCount();
            Writer.Reset(Buffer);
        }
    }
}
