using System.Buffers;
using System.Text.Json;

namespace DigitalTwin.DeviceSimulator.Control;

/// <summary>A device's answer to one command: the ack it publishes once the action has taken its execution time.</summary>
public sealed record CommandAnswer(string CommandId, string Action, ActionOutcome Outcome)
{
    /// <summary>
    /// The ack of docs/mqtt.md: <c>{"command_id","device_id","timestamp","status","result":{...,"execution_time"}}</c>,
    /// with <c>message</c> the reason of a failure.
    /// </summary>
    public byte[] ToAck(string deviceId, DateTimeOffset timestamp)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("command_id", CommandId);
            writer.WriteString("device_id", deviceId);
            writer.WriteNumber("timestamp", timestamp.ToUnixTimeMilliseconds() / 1000.0);
            writer.WriteString("status", Outcome.Succeeded ? "success" : "failed");
            if (Outcome.Message is { } message)
            {
                writer.WriteString("message", message);
            }

            writer.WriteStartObject("result");
            Outcome.Result.WriteFields(writer);
            writer.WriteNumber("execution_time", Math.Round(Outcome.ExecutionSeconds, 3));
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
