using System.Buffers;
using DigitalTwin.MqttBridge.Broker;
using MQTTnet.Packets;
using MQTTnet.Protocol;

namespace DigitalTwin.MqttBridge.Tests.Broker;

/// <summary>Measuring a PUBLISH against a client's Maximum Packet Size, as MQTT 5 encodes it.</summary>
public sealed class PacketSizeLimitTests
{
    [Fact]
    public void APacketIsMeasuredWithItsHeaderTopicAndProperties()
    {
        // Fixed header 2 + topic 2+3 + packet id 2 + properties length 1 + payload 10 = 20 bytes.
        var packet = new MqttPublishPacket
        {
            Topic = "a/b",
            PacketIdentifier = 1,
            QualityOfServiceLevel = MqttQualityOfServiceLevel.AtLeastOnce,
            Payload = new ReadOnlySequence<byte>(new byte[10]),
        };

        Assert.False(new PacketSizeLimit(20).Exceeds(packet));
        Assert.True(new PacketSizeLimit(19).Exceeds(packet));
    }

    [Fact]
    public void APayloadAloneAboveTheLimitExceedsIt()
    {
        var packet = new MqttPublishPacket { Topic = "t", Payload = new ReadOnlySequence<byte>(new byte[5000]) };

        Assert.True(new PacketSizeLimit(4096).Exceeds(packet));
        Assert.False(new PacketSizeLimit(8192).Exceeds(packet));
    }
}
