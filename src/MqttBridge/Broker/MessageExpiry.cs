using System.Globalization;
using System.Text;
using MQTTnet;
using MQTTnet.Packets;
using MQTTnet.Server;

namespace DigitalTwin.MqttBridge.Broker;

/// <summary>
/// MQTT 5 Message Expiry (§3.3.2.3.3): a message not yet delivered when its interval has passed is not
/// delivered, and one that is gets the interval that remains. MQTTnet forwards the interval unchanged and keeps
/// no arrival time, so the broker stamps each expiring message with one as it is published (a user property
/// that goes wherever MQTTnet copies the message: subscriber queues, retained messages) and reads the stamp as
/// the message leaves for a client, where it is removed again.
/// </summary>
internal sealed class MessageExpiry(TimeProvider clock)
{
    /// <summary>The stamp's name; a client's own property of that name is dropped, so no one can forge an arrival time.</summary>
    public const string ArrivalProperty = "$dtn-arrived-ms";

    public Task OnPublishAsync(InterceptingPublishEventArgs args)
    {
        Stamp(args.ApplicationMessage);
        return Task.CompletedTask;
    }

    /// <summary>Records when an expiring message arrived.</summary>
    public void Stamp(MqttApplicationMessage message)
    {
        message.UserProperties?.RemoveAll(IsStamp);
        if (message.MessageExpiryInterval == 0)
        {
            return;
        }

        var arrived = Encoding.ASCII.GetBytes(clock.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
        (message.UserProperties ??= []).Add(new MqttUserProperty(ArrivalProperty, new ReadOnlyMemory<byte>(arrived)));
    }

    /// <summary>
    /// The packet to send for <paramref name="packet"/>: itself when it carries no stamp, null when it has
    /// expired, else a copy without the stamp and with the interval that remains. A copy, because MQTTnet sends
    /// the same packet again after a reconnect and the interval must count down from the arrival time then too.
    /// </summary>
    public MqttPublishPacket? ForSending(MqttPublishPacket packet)
    {
        var stamp = packet.UserProperties?.Find(IsStamp);
        if (stamp is null || !long.TryParse(stamp.ValueBuffer.Span, NumberStyles.None, CultureInfo.InvariantCulture, out var arrivedMs))
        {
            return packet;
        }

        var waited = clock.GetUtcNow() - DateTimeOffset.FromUnixTimeMilliseconds(arrivedMs);
        var waitedSeconds = waited <= TimeSpan.Zero ? 0 : (ulong)waited.TotalSeconds;
        if (waitedSeconds >= packet.MessageExpiryInterval)
        {
            return null;
        }

        var others = packet.UserProperties!.Where(p => !IsStamp(p)).ToList();
        return new MqttPublishPacket
        {
            PacketIdentifier = packet.PacketIdentifier,
            Topic = packet.Topic,
            Payload = packet.Payload,
            QualityOfServiceLevel = packet.QualityOfServiceLevel,
            Retain = packet.Retain,
            Dup = packet.Dup,
            ContentType = packet.ContentType,
            CorrelationData = packet.CorrelationData,
            MessageExpiryInterval = packet.MessageExpiryInterval - (uint)waitedSeconds,
            PayloadFormatIndicator = packet.PayloadFormatIndicator,
            ResponseTopic = packet.ResponseTopic,
            TopicAlias = packet.TopicAlias,
            SubscriptionIdentifiers = packet.SubscriptionIdentifiers,
            UserProperties = others.Count > 0 ? others : null,
        };
    }

    private static bool IsStamp(MqttUserProperty property) => property.Name == ArrivalProperty;
}
