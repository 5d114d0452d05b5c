using DigitalTwin.Grains.Interfaces.Outbound;
using DigitalTwin.Grains.Outbound;
using DigitalTwin.Wire;
using DigitalTwin.Wire.Outbound;
using MQTTnet.Protocol;

namespace DigitalTwin.MqttBridge.Outbound;

/// <summary>
/// Publishes the platform's messages into the brokers of the cluster. Every message goes into this silo's broker. A
/// message for one device (command, error) goes also through the silo holding the device's session, or, when that is
/// not known, every silo; the retained desired document goes to every silo, whose brokers all keep it; and everything
/// goes to the silos whose brokers have wide subscribers (<see cref="WideSubscriptions"/>), which take other devices'
/// and twins' topics. A silo gets each message once.
/// </summary>
internal sealed class MqttDeviceChannel(BrokerRelay relay) : IDeviceChannel
{
    public Task ReportErrorAsync(DeviceError error, SiloAddress? session) =>
        ForDeviceAsync(Message(DeviceTopics.ErrorFor(error.DeviceId), PlatformMessageJson.Write(error)), session);

    public Task PublishTwinUpdateAsync(TwinUpdate update, byte[] json) =>
        ForEveryoneAsync(Message(DeviceTopics.TwinUpdateFor(update.TwinId), json));

    public Task PublishCommandAsync(DeviceCommand command, SiloAddress? session)
    {
        var qos = command.Qos == 2 ? MqttQualityOfServiceLevel.ExactlyOnce : MqttQualityOfServiceLevel.AtLeastOnce;
        return ForDeviceAsync(Message(DeviceTopics.CommandFor(command.DeviceId), PlatformMessageJson.Write(command), qos), session);
    }

    // An empty retained publish is how MQTT removes a retained message.
    public async Task PublishDesiredAsync(DesiredUpdate update)
    {
        var message = Message(DeviceTopics.DesiredFor(update.TwinId), update.Cleared ? [] : PlatformMessageJson.Write(update), retain: true);
        await relay.PublishLocallyAsync(message);
        await relay.SendToAllAsync(message);
    }

    public Task PublishAnomalyAlertAsync(string twinId, byte[] json) =>
        ForEveryoneAsync(Message(DeviceTopics.TwinAlertFor(twinId), json));

    public Task EndSessionAsync(string deviceId, SiloAddress silo) =>
        silo.Equals(relay.Self) ? relay.EndSessionAsync(deviceId) : relay.EndSessionOnAsync(silo, deviceId);

    private async Task ForDeviceAsync(BrokerMessage message, SiloAddress? session)
    {
        await relay.PublishLocallyAsync(message);
        if (session is null)
        {
            await relay.SendToAllAsync(message);
        }
        else if (session.Equals(relay.Self))
        {
            relay.Forward(message);
        }
        else if (await relay.SendAsync(session, message))
        {
            relay.Forward(message, except: session);
        }
        else
        {
            // The session's silo is not reachable (gone, or not known yet): the device may be on any other.
            await relay.SendToAllAsync(message);
        }
    }

    private async Task ForEveryoneAsync(BrokerMessage message)
    {
        await relay.PublishLocallyAsync(message);
        relay.Forward(message);
    }

    private static BrokerMessage Message(string topic, byte[] payload, MqttQualityOfServiceLevel qos = MqttQualityOfServiceLevel.AtLeastOnce, bool retain = false) =>
        new(topic, payload, (byte)qos, retain);
}
