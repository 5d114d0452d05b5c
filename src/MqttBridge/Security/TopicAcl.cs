using DigitalTwin.Wire;

namespace DigitalTwin.MqttBridge.Security;

/// <summary>
/// What each broker identity may publish and subscribe to. A device publishes only on its own
/// <c>device/{id}/{telemetry,state,status,ack,network,error}</c> (the channels the platform takes from devices; its last
/// will only on its status topic) and subscribes only to its own <c>device/{id}/{command,desired,error}</c>, exactly:
/// no wildcard, since a wildcard filter would reach other devices' topics. A probe publishes only
/// <c>device/{id}/network</c> for the devices in its scope and subscribes to nothing. A platform account may do
/// anything the broker's own rules allow (the ingress still refuses publishes on <c>twin/</c> and <c>system/</c>).
/// </summary>
public static class TopicAcl
{
    public static bool MayPublish(BrokerIdentity identity, string topic) => identity.Role switch
    {
        BrokerRole.Platform => true,
        BrokerRole.Probe => TrySplitDeviceTopic(topic, out var id, out var channel)
            && channel is DeviceTopics.Network && identity.Probe is { } scope && scope.Allows(id.ToString()),
        _ => TryOwnChannel(identity, topic, out var own) && own is
            DeviceTopics.Telemetry or DeviceTopics.State or DeviceTopics.Status or DeviceTopics.Ack or DeviceTopics.Network or DeviceTopics.Error,
    };

    /// <summary>A last will: a device's only on its own status topic (what the platform reads as "went offline").</summary>
    public static bool MayLeaveWill(BrokerIdentity identity, string topic) => identity.Role switch
    {
        BrokerRole.Device => TryOwnChannel(identity, topic, out var own) && own == DeviceTopics.Status,
        _ => MayPublish(identity, topic),
    };

    public static bool MaySubscribe(BrokerIdentity identity, string filter) => identity.Role switch
    {
        BrokerRole.Platform => true,
        BrokerRole.Probe => false,
        _ => TryOwnChannel(identity, filter, out var own) && own is DeviceTopics.Command or DeviceTopics.Desired or DeviceTopics.Error,
    };

    /// <summary>The channel of <c>device/{identity's id}/{channel}</c>, a single level without wildcards.</summary>
    private static bool TryOwnChannel(BrokerIdentity identity, string topic, out string? channel)
    {
        channel = null;
        if (!TrySplitDeviceTopic(topic, out var id, out var rest) || !id.SequenceEqual(identity.Name.AsSpan()))
        {
            return false;
        }

        channel = rest switch
        {
            DeviceTopics.Telemetry => DeviceTopics.Telemetry,
            DeviceTopics.State => DeviceTopics.State,
            DeviceTopics.Status => DeviceTopics.Status,
            DeviceTopics.Ack => DeviceTopics.Ack,
            DeviceTopics.Network => DeviceTopics.Network,
            DeviceTopics.Error => DeviceTopics.Error,
            DeviceTopics.Command => DeviceTopics.Command,
            DeviceTopics.Desired => DeviceTopics.Desired,
            _ => null,
        };
        return channel is not null;
    }

    /// <summary>Splits <c>device/{id}/{channel}</c> (exactly three levels) without allocating.</summary>
    private static bool TrySplitDeviceTopic(string topic, out ReadOnlySpan<char> id, out ReadOnlySpan<char> channel)
    {
        id = channel = default;
        var span = topic.AsSpan();
        if (!span.StartsWith(DeviceTopics.DeviceRoot + "/", StringComparison.Ordinal))
        {
            return false;
        }

        var rest = span[(DeviceTopics.DeviceRoot.Length + 1)..];
        var slash = rest.IndexOf('/');
        if (slash <= 0)
        {
            return false;
        }

        id = rest[..slash];
        channel = rest[(slash + 1)..];
        return !channel.IsEmpty && channel.IndexOfAny('/', '+', '#') < 0 && id.IndexOfAny('+', '#') < 0;
    }
}
