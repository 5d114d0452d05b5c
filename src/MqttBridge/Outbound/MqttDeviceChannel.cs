using DigitalTwin.Grains.Outbound;
using DigitalTwin.Grains.Payloads;
using DigitalTwin.MqttBridge.Ingress;
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

    private Task PublishAsync(string topic, byte[] payload)
    {
        if (!server.IsStarted)
        {
            return Task.CompletedTask;
        }

        var message = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        return server.InjectApplicationMessage(new InjectedMqttApplicationMessage(message)
        {
            SenderClientId = DeviceMessageIngress.PlatformClientId,
        });
    }
}
