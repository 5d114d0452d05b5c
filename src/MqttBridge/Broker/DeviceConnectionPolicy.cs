using DigitalTwin.MqttBridge.Ingress;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace DigitalTwin.MqttBridge.Broker;

/// <summary>
/// The broker's connection hook. Gives clients that send an empty client id (as MQTT 3.1.1 allows with
/// a clean session, and mosquitto_pub does by default) an id of their own, and refuses ids starting
/// with <c>$</c>, which are reserved for the platform's own messages.
/// </summary>
internal static class DeviceConnectionPolicy
{
    public static Task ValidateAsync(ValidatingConnectionEventArgs args)
    {
        if (string.IsNullOrEmpty(args.ClientId))
        {
            args.AssignedClientIdentifier = "auto-" + Guid.NewGuid().ToString("N");
        }
        else if (args.ClientId.StartsWith('$') || args.ClientId == DeviceMessageIngress.PlatformClientId)
        {
            args.ReasonCode = MqttConnectReasonCode.ClientIdentifierNotValid;
        }

        return Task.CompletedTask;
    }
}
