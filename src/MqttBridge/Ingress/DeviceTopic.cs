using DigitalTwin.Wire;
using DigitalTwin.Wire.Payloads;
using DeviceIdRule = DigitalTwin.Grains.Twins.DeviceId;

namespace DigitalTwin.MqttBridge.Ingress;

/// <summary>A topic under <c>device/</c>, split into the device id and the channel after it.</summary>
internal readonly record struct DeviceTopic(string DeviceId, string Channel)
{
    /// <summary>
    /// Classifies a topic. Returns false for topics outside <c>device/</c>; for topics inside it,
    /// <paramref name="error"/> says what is wrong when the topic is not <c>device/{id}/{channel}</c>
    /// with a valid id (<paramref name="topic"/> then may hold the id, if it was valid).
    /// </summary>
    public static bool TryParse(string name, out DeviceTopic topic, out PayloadError? error)
    {
        topic = default;
        error = null;
        if (!name.StartsWith(DeviceTopics.DeviceRoot + "/", StringComparison.Ordinal))
        {
            return false;
        }

        var rest = name.AsSpan(DeviceTopics.DeviceRoot.Length + 1);
        var slash = rest.IndexOf('/');
        var id = slash < 0 ? rest : rest[..slash];
        if (!DeviceIdRule.IsValid(id))
        {
            error = new PayloadError(PayloadErrorCodes.InvalidDeviceId, $"'{Shorten(id)}' is not a device id: use {DeviceIdRule.Rule}");
            return true;
        }

        var channel = slash < 0 ? ReadOnlySpan<char>.Empty : rest[(slash + 1)..];
        topic = new DeviceTopic(id.ToString(), ChannelName(channel));
        if (channel.IsEmpty || channel.Contains('/'))
        {
            error = new PayloadError(PayloadErrorCodes.InvalidTopic, $"topic '{Shorten(name)}' is not device/{{id}}/{{channel}}");
        }

        return true;
    }

    /// <summary>The channel's name, the shared constant for the channels devices use (no string per message).</summary>
    private static string ChannelName(ReadOnlySpan<char> channel) => channel switch
    {
        DeviceTopics.Telemetry => DeviceTopics.Telemetry,
        DeviceTopics.State => DeviceTopics.State,
        DeviceTopics.Status => DeviceTopics.Status,
        DeviceTopics.Ack => DeviceTopics.Ack,
        DeviceTopics.Error => DeviceTopics.Error,
        DeviceTopics.Network => DeviceTopics.Network,
        _ => channel.ToString(),
    };

    private static string Shorten(ReadOnlySpan<char> s) => s.Length <= 80 ? s.ToString() : s[..80].ToString() + "...";
}
