using DigitalTwin.MqttBridge.Ingress;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace DigitalTwin.MqttBridge.Broker;

/// <summary>
/// The broker's connection hook. Names an id for MQTT 5 clients that send an empty one (MQTTnet tells them in
/// the CONNACK; 3.1.1 clients got theirs from <see cref="ClientIdAssignment"/> before this hook), and refuses
/// ids starting with <c>$</c>: they are reserved for the platform, whose own publishes
/// (<see cref="DeviceMessageIngress.PlatformClientId"/>) skip validation.
/// </summary>
internal static class DeviceConnectionPolicy
{
    public static Task ValidateAsync(ValidatingConnectionEventArgs args)
    {
        if (string.IsNullOrEmpty(args.ClientId))
        {
            // Only MQTT 5 takes this id; MQTTnet refuses an empty id of any other version (identifier rejected).
            args.AssignedClientIdentifier = ClientIdAssignment.NewId();
        }
        else if (args.ClientId.StartsWith('$'))
        {
            args.ReasonCode = MqttConnectReasonCode.ClientIdentifierNotValid;
        }

        return Task.CompletedTask;
    }
}
