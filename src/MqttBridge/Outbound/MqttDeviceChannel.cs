using DigitalTwin.Grains.Outbound;
using DigitalTwin.MqttBridge.Ingress;
using DigitalTwin.Wire;
using DigitalTwin.Wire.Outbound;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace DigitalTwin.MqttBridge.Outbound;

/// <summary>Publishes the platform's messages into the embedded broker.</summary>
internal sealed class MqttDeviceChannel(MqttServer server) : IDeviceChannel
{
    public Task ReportErrorAsync(DeviceError error) =>
        PublishAsync(DeviceTopics.ErrorFor(error.DeviceId), PlatformMessageJson.Write(error));

    public Task PublishTwinUpdateAsync(TwinUpdate update, byte[] json) =>
        PublishAsync(DeviceTopics.TwinUpdateFor(update.TwinId), json);

    public Task PublishCommandAsync(DeviceCommand command)
    {
        var qos = command.Qos == 2 ? MqttQualityOfServiceLevel.ExactlyOnce : MqttQualityOfServiceLevel.AtLeastOnce;
        return PublishAsync(DeviceTopics.CommandFor(command.DeviceId), PlatformMessageJson.Write(command), qos);
    }

    // An empty retained publish is how MQTT removes a retained message.
    public Task PublishDesiredAsync(DesiredUpdate update) =>
        PublishAsync(DeviceTopics.DesiredFor(update.TwinId), update.Cleared ? [] : PlatformMessageJson.Write(update), retain: true);

    public Task PublishAnomalyAlertAsync(string twinId, byte[] json) =>
        PublishAsync(DeviceTopics.TwinAlertFor(twinId), json);

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
}
