using System.Text;
using DigitalTwin.MqttBridge.Broker;
using DigitalTwin.MqttBridge.Tests.Infrastructure;
using MQTTnet;
using MQTTnet.Packets;
using MQTTnet.Protocol;
using MQTTnet.Server.Internal.Formatter;

namespace DigitalTwin.MqttBridge.Tests.Broker;

/// <summary>MQTT 5 Message Expiry: stamped on arrival, counted down and removed on the way out.</summary>
public sealed class MessageExpiryTests
{
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 12, 6, 10, 0, 0, TimeSpan.Zero));

    [Fact]
    public void AMessageSentLaterCarriesTheIntervalThatRemainsAndNoStamp()
    {
        var expiry = new MessageExpiry(_clock);
        var message = Message(expiryInterval: 60, new MqttUserProperty("unit", Encoding.UTF8.GetBytes("celsius").AsMemory()));

        expiry.Stamp(message);
        _clock.Advance(TimeSpan.FromSeconds(15.5));
        var sent = expiry.ForSending(MqttPublishPacketFactory.Create(message));

        Assert.NotNull(sent);
        Assert.Equal(45u, sent.MessageExpiryInterval);
        Assert.Equal("celsius", Assert.Single(sent.UserProperties).ReadValueAsString());
        Assert.Equal("a/b", sent.Topic);
        Assert.Equal(MqttQualityOfServiceLevel.AtLeastOnce, sent.QualityOfServiceLevel);
    }

    [Fact]
    public void AMessageWhoseIntervalPassedIsNotSent()
    {
        var expiry = new MessageExpiry(_clock);
        var message = Message(expiryInterval: 10);

        expiry.Stamp(message);
        _clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Null(expiry.ForSending(MqttPublishPacketFactory.Create(message)));
    }

    [Fact]
    public void TheSamePacketSentAgainCountsFromItsArrival()
    {
        var expiry = new MessageExpiry(_clock);
        var message = Message(expiryInterval: 60);
        expiry.Stamp(message);
        var packet = MqttPublishPacketFactory.Create(message);

        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(50u, expiry.ForSending(packet)?.MessageExpiryInterval);
        _clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(30u, expiry.ForSending(packet)?.MessageExpiryInterval);
    }

    [Fact]
    public void MessagesWithoutExpiryAreSentAsTheyAre()
    {
        var expiry = new MessageExpiry(_clock);
        var message = Message(expiryInterval: 0);

        expiry.Stamp(message);
        var packet = MqttPublishPacketFactory.Create(message);

        Assert.Null(message.UserProperties);
        Assert.Same(packet, expiry.ForSending(packet));
    }

    [Fact]
    public void AClientCannotForgeTheArrivalStamp()
    {
        var expiry = new MessageExpiry(_clock);
        var forged = new MqttUserProperty(MessageExpiry.ArrivalProperty, Encoding.ASCII.GetBytes("0").AsMemory());

        var withExpiry = Message(expiryInterval: 60, forged);
        var withoutExpiry = Message(expiryInterval: 0, forged);
        expiry.Stamp(withExpiry);
        expiry.Stamp(withoutExpiry);

        Assert.Equal(60u, expiry.ForSending(MqttPublishPacketFactory.Create(withExpiry))?.MessageExpiryInterval);
        Assert.Empty(withoutExpiry.UserProperties!);
    }

    private static MqttApplicationMessage Message(uint expiryInterval, params MqttUserProperty[] properties) => new()
    {
        Topic = "a/b",
        QualityOfServiceLevel = MqttQualityOfServiceLevel.AtLeastOnce,
        MessageExpiryInterval = expiryInterval,
        UserProperties = properties.Length > 0 ? [.. properties] : null,
    };
}
