using System.Buffers;
using System.Text.Json;
using DigitalTwin.Grains.Interfaces.Values;
using DigitalTwin.Grains.Outbound;
using DigitalTwin.Grains.Payloads;
using DigitalTwin.Grains.Twins;
using DigitalTwin.MqttBridge.Ingress;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace DigitalTwin.MqttBridge.Outbound;

/// <summary>Publishes the platform's messages into the embedded broker.</summary>
internal sealed class MqttDeviceChannel(MqttServer server) : IDeviceChannel
{
    public Task ReportErrorAsync(DeviceError error)
    {
        var payload = Write(writer =>
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
        return PublishAsync(DeviceTopics.ErrorFor(error.DeviceId), payload);
    }

    public Task PublishTwinUpdateAsync(TwinUpdate update)
    {
        var payload = Write(writer =>
        {
            writer.WriteString("type", "twin_update");
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
        return PublishAsync(DeviceTopics.TwinUpdateFor(update.TwinId), payload);
    }

    public Task PublishCommandAsync(DeviceCommand command)
    {
        var payload = Write(writer =>
        {
            writer.WriteString("command_id", command.CommandId);
            writer.WriteString("device_id", command.DeviceId);
            writer.WriteNumber("timestamp", Math.Round(command.Timestamp.ToUnixTimeMilliseconds() / 1000.0, 3));
            writer.WriteString("action", command.Action);
            writer.WriteStartObject("parameters");
            foreach (var (name, value) in command.Parameters)
            {
                FieldJson.WriteField(writer, name, value);
            }

            writer.WriteEndObject();
            writer.WriteNumber("timeout", command.Timeout.TotalSeconds);
        });
        var qos = command.Qos == 2 ? MqttQualityOfServiceLevel.ExactlyOnce : MqttQualityOfServiceLevel.AtLeastOnce;
        return PublishAsync(DeviceTopics.CommandFor(command.DeviceId), payload, qos);
    }

    public Task PublishDesiredAsync(DesiredUpdate update)
    {
        // An empty retained publish is how MQTT removes a retained message.
        byte[] payload = update.Cleared ? [] : Write(writer =>
        {
            writer.WriteNumber("version", update.Version);
            WriteFields(writer, "desired", update.Desired);
            WriteFields(writer, "delta", update.Delta);
            writer.WriteString("timestamp", update.Timestamp.UtcDateTime);
        });
        return PublishAsync(DeviceTopics.DesiredFor(update.TwinId), payload, retain: true);
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

    private Task PublishAsync(string topic, byte[] payload, MqttQualityOfServiceLevel qos = MqttQualityOfServiceLevel.AtLeastOnce, bool retain = false)
    {
        if (!server.IsStarted)
        {
            return Task.CompletedTask;
        }

        var message = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithQualityOfServiceLevel(qos)
            .WithRetainFlag(retain)
            .Build();
        return server.InjectApplicationMessage(new InjectedMqttApplicationMessage(message)
        {
            SenderClientId = DeviceMessageIngress.PlatformClientId,
        });
    }

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
