using System.Buffers;
using System.Text;
using System.Text.Unicode;
using System.Text.Json;
using DigitalTwin.Behaviour.Wire;
using DigitalTwin.Grains.Interfaces.Commands;
using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.Interfaces.Values;

namespace DigitalTwin.Wire.Payloads;

/// <summary>
/// Turns the payload of a <c>device/{id}/telemetry|state|status</c> message into a <see cref="DeviceMessage"/>.
/// Telemetry and state come in two shapes: the seed §5.2 envelope
/// (<c>{"device_id","timestamp","type","data":{...},"metadata":{...}}</c>) and a flat object of fields,
/// where <c>timestamp</c>, <c>type</c> and <c>device_id</c> keep their envelope meaning.
/// </summary>
public sealed class DevicePayloadParser(TimeProvider clock, TimeSpan maxClockSkew)
{
    private static readonly HashSet<string> EnvelopeFields = ["device_id", "timestamp", "type"];

    /// <summary>The top-level keys the parser reads; each may appear once.</summary>
    private static readonly string[] EnvelopeKeys = ["device_id", "timestamp", "type", "data", "status", "command_id", "result", "message"];

    private const int MaxAlertCodeLength = 128;
    private const int MaxAlertMessageLength = 4096;

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = FieldLimits.MaxJsonDepth };

    /// <summary>An ack's <c>result</c> is the device's own object: it may nest deeper than reported fields, within reason.</summary>
    private static readonly JsonDocumentOptions AckDocumentOptions = new() { MaxDepth = 16 };

    public PayloadParseResult ParseReport(string deviceId, DeviceMessageKind kind, ReadOnlySequence<byte> payload)
    {
        var receivedAt = clock.GetUtcNow();
        if (!IsUtf8(payload))
        {
            return PayloadError.InvalidJson("payload is not valid UTF-8");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(payload, DocumentOptions);
        }
        catch (JsonException ex)
        {
            return PayloadError.InvalidJson($"payload is not valid JSON: {ex.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return PayloadError.InvalidPayload($"payload must be a JSON object, got {FieldSetReader.Describe(root.ValueKind)}");
            }

            var error = ReadEnvelopeFields(root, deviceId, receivedAt, out var timestamp, out var deviceType);
            if (error is not null)
            {
                return error;
            }

            NamedValue[] values;
            if (root.TryGetProperty("data", out var data))
            {
                if (data.ValueKind != JsonValueKind.Object)
                {
                    return PayloadError.InvalidPayload($"'data' must be an object of fields, got {FieldSetReader.Describe(data.ValueKind)}");
                }

                error = FieldSetReader.TryRead(data, out values);
            }
            else
            {
                error = FieldSetReader.TryRead(root, out values, EnvelopeFields);
            }

            if (error is not null)
            {
                return error;
            }

            if (values.Length == 0)
            {
                return PayloadError.InvalidPayload("payload carries no fields");
            }

            return new DeviceMessage(deviceId, kind, timestamp, receivedAt, deviceType, values, null);
        }
    }

    /// <summary>
    /// Reads a presence announcement: <c>online</c>/<c>offline</c> as plain text or a JSON string,
    /// or <c>{"status":"online","timestamp":...}</c>.
    /// </summary>
    public PayloadParseResult ParseStatus(string deviceId, ReadOnlySequence<byte> payload)
    {
        var receivedAt = clock.GetUtcNow();
        if (!IsUtf8(payload))
        {
            return PayloadError.InvalidPayload("status is not valid UTF-8");
        }

        var text = Encoding.UTF8.GetString(payload).Trim();
        if (TryParsePresence(text, out var plain))
        {
            return new DeviceMessage(deviceId, DeviceMessageKind.Status, receivedAt, receivedAt, null, [], plain);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(payload, DocumentOptions);
        }
        catch (JsonException)
        {
            return PayloadError.InvalidPayload("status must be 'online', 'offline' or {\"status\":\"online|offline\"}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.String && TryParsePresence(root.GetString()!, out var quoted))
            {
                return new DeviceMessage(deviceId, DeviceMessageKind.Status, receivedAt, receivedAt, null, [], quoted);
            }

            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("status", out var status)
                || status.ValueKind != JsonValueKind.String
                || !TryParsePresence(status.GetString()!, out var presence))
            {
                return PayloadError.InvalidPayload("status must be 'online', 'offline' or {\"status\":\"online|offline\"}");
            }

            var error = ReadEnvelopeFields(root, deviceId, receivedAt, out var timestamp, out var deviceType);
            return error ?? (PayloadParseResult)new DeviceMessage(deviceId, DeviceMessageKind.Status, timestamp, receivedAt, deviceType, [], presence);
        }
    }

    /// <summary>
    /// Reads a command ack (seed §5.2): <c>{"command_id","status":"success|failed","result":{...},"message":"..."}</c>
    /// with the optional <c>device_id</c> and <c>timestamp</c> of the envelope. A <c>result</c> over
    /// <paramref name="maxResultBytes"/> of JSON is refused rather than cut.
    /// </summary>
    public PayloadError? TryParseAck(string deviceId, ReadOnlySequence<byte> payload, int maxResultBytes, out CommandAck? ack)
    {
        ack = null;
        var receivedAt = clock.GetUtcNow();
        var opened = TryOpenObject(payload, AckDocumentOptions, "an ack", out var document);
        if (opened is not null)
        {
            return opened;
        }

        using (document)
        {
            var root = document!.RootElement;
            var error = ReadEnvelopeFields(root, deviceId, receivedAt, out _, out _);
            if (error is not null)
            {
                return error;
            }

            if (!root.TryGetProperty("command_id", out var id) || id.ValueKind != JsonValueKind.String || !CommandIds.IsValid(id.GetString()))
            {
                return PayloadError.InvalidValue($"'command_id' is required: a string of {CommandIds.Rule}");
            }

            if (!root.TryGetProperty("status", out var status) || status.ValueKind != JsonValueKind.String || !TryParseAckStatus(status.GetString()!, out var succeeded))
            {
                return PayloadError.InvalidValue("'status' is required: \"success\" or \"failed\"");
            }

            string? result = null;
            if (root.TryGetProperty("result", out var resultElement) && resultElement.ValueKind != JsonValueKind.Null)
            {
                if (resultElement.ValueKind != JsonValueKind.Object)
                {
                    return PayloadError.InvalidValue($"'result' must be an object, got {FieldSetReader.Describe(resultElement.ValueKind)}");
                }

                result = Compact(resultElement);
                if (Encoding.UTF8.GetByteCount(result) > maxResultBytes)
                {
                    return new PayloadError(PayloadErrorCodes.PayloadTooLarge, $"'result' exceeds {maxResultBytes} bytes of JSON");
                }
            }

            string? message = null;
            if (root.TryGetProperty("message", out var messageElement) && messageElement.ValueKind != JsonValueKind.Null)
            {
                if (messageElement.ValueKind != JsonValueKind.String || messageElement.GetString()!.Length > FieldLimits.MaxTextLength)
                {
                    return PayloadError.InvalidValue($"'message' must be a string of at most {FieldLimits.MaxTextLength} characters");
                }

                message = messageElement.GetString();
            }

            ack = new CommandAck(deviceId, id.GetString()!, succeeded, result, message, receivedAt);
            return null;
        }
    }

    /// <summary>
    /// Reads an error a device reports on <c>device/{id}/error</c> (seed §5.2):
    /// <c>{"device_id","timestamp","type":"error","error_code","message","details":{...},"severity"}</c>.
    /// <c>error_code</c> and <c>message</c> are required strings; <c>severity</c> other than info, warning or
    /// critical (or none) counts as warning.
    /// </summary>
    public PayloadError? TryParseAlert(string deviceId, ReadOnlySequence<byte> payload, out DeviceAlert? alert)
    {
        alert = null;
        var receivedAt = clock.GetUtcNow();
        var opened = TryOpenObject(payload, DocumentOptions, "an error report", out var document);
        if (opened is not null)
        {
            return opened;
        }

        using (document)
        {
            var root = document!.RootElement;
            var error = ReadEnvelopeFields(root, deviceId, receivedAt, out var timestamp, out _);
            if (error is not null)
            {
                return error;
            }

            if (!root.TryGetProperty("error_code", out var code) || code.ValueKind != JsonValueKind.String
                || code.GetString() is not { Length: > 0 and <= MaxAlertCodeLength } codeText)
            {
                return PayloadError.InvalidValue($"'error_code' must be a string of 1 to {MaxAlertCodeLength} characters");
            }

            if (!root.TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.String
                || message.GetString() is not { Length: <= MaxAlertMessageLength } messageText)
            {
                return PayloadError.InvalidValue($"'message' must be a string of at most {MaxAlertMessageLength} characters");
            }

            string? details = null;
            if (root.TryGetProperty("details", out var detailsElement))
            {
                if (detailsElement.ValueKind != JsonValueKind.Object)
                {
                    return PayloadError.InvalidValue($"'details' must be an object, got {FieldSetReader.Describe(detailsElement.ValueKind)}");
                }

                details = Compact(detailsElement);
            }

            var severity = root.TryGetProperty("severity", out var named) && named.ValueKind == JsonValueKind.String
                && named.GetString() is "info" or "warning" or "critical"
                ? named.GetString()!
                : "warning";
            alert = new DeviceAlert(deviceId, timestamp, codeText, messageText, severity, details);
            return null;
        }
    }

    /// <summary>Parses a payload that must be one JSON object; <paramref name="what"/> names it in the error.</summary>
    private static PayloadError? TryOpenObject(ReadOnlySequence<byte> payload, JsonDocumentOptions options, string what, out JsonDocument? document)
    {
        document = null;
        if (!IsUtf8(payload))
        {
            return PayloadError.InvalidJson("payload is not valid UTF-8");
        }

        try
        {
            document = JsonDocument.Parse(payload, options);
        }
        catch (JsonException ex)
        {
            return PayloadError.InvalidJson($"payload is not valid JSON: {ex.Message}");
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            var kind = document.RootElement.ValueKind;
            document.Dispose();
            document = null;
            return PayloadError.InvalidPayload($"{what} must be a JSON object, got {FieldSetReader.Describe(kind)}");
        }

        return null;
    }

    private static bool TryParseAckStatus(string text, out bool succeeded)
    {
        succeeded = text is "success" or "succeeded" or "ok";
        return succeeded || text is "failed" or "failure" or "error";
    }

    /// <summary>Re-written, not copied: a pretty-printed object would put line breaks into SSE data lines.</summary>
    private static string Compact(JsonElement element)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            element.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private PayloadError? ReadEnvelopeFields(
        JsonElement root, string deviceId, DateTimeOffset receivedAt, out DateTimeOffset timestamp, out string? deviceType)
    {
        timestamp = receivedAt;
        deviceType = null;

        var duplicate = FindRepeatedEnvelopeKey(root);
        if (duplicate is not null)
        {
            return PayloadError.InvalidPayload($"'{duplicate}' appears more than once");
        }

        if (root.TryGetProperty("device_id", out var id)
            && (id.ValueKind != JsonValueKind.String || id.GetString() != deviceId))
        {
            return new PayloadError(PayloadErrorCodes.DeviceIdMismatch, $"'device_id' in the payload does not match the topic's device id '{deviceId}'");
        }

        if (root.TryGetProperty("type", out var type))
        {
            if (type.ValueKind != JsonValueKind.String || !FieldSetReader.IsValidName(type.GetString()!))
            {
                return PayloadError.InvalidValue($"'type' must be a string of {FieldLimits.NameRule}");
            }

            deviceType = type.GetString();
        }

        if (root.TryGetProperty("timestamp", out var ts))
        {
            if (DeviceTimestamp.TryRead(ts, "timestamp", out timestamp) is { } invalid)
            {
                return PayloadError.InvalidValue(invalid);
            }

            if (!DeviceTimestamp.IsPlausible(timestamp, receivedAt, maxClockSkew))
            {
                return new PayloadError(
                    PayloadErrorCodes.TimestampOutOfRange,
                    $"timestamp {timestamp:O} is before 2000 or more than {maxClockSkew.TotalSeconds:0} s ahead of the platform clock");
            }
        }

        return null;
    }

    /// <summary>
    /// The first envelope key that appears twice: <see cref="JsonElement.TryGetProperty(string, out JsonElement)"/>
    /// would silently pick one of two <c>device_id</c>s, <c>timestamp</c>s or <c>data</c> objects.
    /// </summary>
    private static string? FindRepeatedEnvelopeKey(JsonElement root)
    {
        var seen = 0;
        foreach (var property in root.EnumerateObject())
        {
            for (var bit = 0; bit < EnvelopeKeys.Length; bit++)
            {
                if (!property.NameEquals(EnvelopeKeys[bit]))
                {
                    continue;
                }

                if ((seen & (1 << bit)) != 0)
                {
                    return EnvelopeKeys[bit];
                }

                seen |= 1 << bit;
                break;
            }
        }

        return null;
    }

    // JsonDocument checks structure, not the bytes inside strings: GetString() would throw on them later.
    private static bool IsUtf8(ReadOnlySequence<byte> payload) =>
        payload.IsSingleSegment ? Utf8.IsValid(payload.FirstSpan) : Utf8.IsValid(payload.ToArray());

    private static bool TryParsePresence(string text, out PresenceStatus presence)
    {
        if (string.Equals(text, "online", StringComparison.OrdinalIgnoreCase))
        {
            presence = PresenceStatus.Online;
            return true;
        }

        presence = PresenceStatus.Offline;
        return string.Equals(text, "offline", StringComparison.OrdinalIgnoreCase);
    }
}
