using DigitalTwin.Ingest.Mqtt;

namespace DigitalTwin.Ingest.Tests.Mqtt;

/// <summary>Reading what brokers send a publisher: PUBACKs in both versions, CONNACKs with properties, partial and foreign packets.</summary>
public sealed class MqttPacketReaderTests
{
    [Fact]
    public void AnMqtt5PubAckWithoutReasonIsASuccess()
    {
        Assert.True(MqttPacketReader.TryRead([0x40, 0x02, 0x01, 0x02], MqttProtocol.V500, out var packet, out var consumed));

        Assert.Equal(new InboundPacket(MqttPacketType.PubAck, 0x0102, 0, 0), packet);
        Assert.Equal(4, consumed);
    }

    [Fact]
    public void AnMqtt5PubAckCarriesItsReasonCode()
    {
        // 0x10 NoMatchingSubscribers (Mosquitto's answer when nobody subscribes), then an empty property list.
        Assert.True(MqttPacketReader.TryRead([0x40, 0x04, 0x00, 0x07, 0x10, 0x00], MqttProtocol.V500, out var packet, out var consumed));

        Assert.Equal((ushort)7, packet.PacketId);
        Assert.Equal(0x10, packet.ReasonCode);
        Assert.Equal(6, consumed);
    }

    [Fact]
    public void ABufferEndingInsideAPacketReadsNothing()
    {
        Assert.False(MqttPacketReader.TryRead([0x40, 0x02, 0x00], MqttProtocol.V500, out _, out var consumed));
        Assert.False(MqttPacketReader.TryRead([0x40], MqttProtocol.V500, out _, out _));
        Assert.False(MqttPacketReader.TryRead([], MqttProtocol.V500, out _, out _));
        Assert.Equal(0, consumed);
    }

    [Fact]
    public void PacketsBackToBackAreReadOneAtATime()
    {
        byte[] buffer = [0x40, 0x02, 0x00, 0x01, 0xD0, 0x00, 0x40, 0x02, 0x00, 0x02];

        Assert.True(MqttPacketReader.TryRead(buffer, MqttProtocol.V311, out var first, out var a));
        Assert.True(MqttPacketReader.TryRead(buffer.AsSpan(a), MqttProtocol.V311, out var second, out var b));
        Assert.True(MqttPacketReader.TryRead(buffer.AsSpan(a + b), MqttProtocol.V311, out var third, out _));

        Assert.Equal((MqttPacketType.PubAck, (ushort)1), (first.Type, first.PacketId));
        Assert.Equal(MqttPacketType.PingResp, second.Type);
        Assert.Equal((MqttPacketType.PubAck, (ushort)2), (third.Type, third.PacketId));
    }

    [Fact]
    public void AnUnexpectedPublishIsSkippedWhole()
    {
        // QoS 0 PUBLISH to "a/b" with payload "xyz".
        byte[] buffer = [0x30, 0x08, 0x00, 0x03, (byte)'a', (byte)'/', (byte)'b', (byte)'x', (byte)'y', (byte)'z', 0x40, 0x02, 0x00, 0x09];

        Assert.True(MqttPacketReader.TryRead(buffer, MqttProtocol.V500, out var publish, out var consumed));

        Assert.Equal(MqttPacketType.Publish, publish.Type);
        Assert.Equal(10, consumed);
    }

    [Fact]
    public void AnMqtt5ConnAckYieldsTheBrokersReceiveMaximumAmongOtherProperties()
    {
        byte[] connAck =
        [
            0x20, 0x0F, 0x00, 0x00,
            0x0C, // properties: 12 bytes
            0x27, 0x00, 0x10, 0x00, 0x00, // Maximum Packet Size (4 bytes)
            0x12, 0x00, 0x01, (byte)'x', // Assigned Client Identifier (string)
            0x21, 0x00, 0x14, // Receive Maximum 20
        ];

        Assert.True(MqttPacketReader.TryRead(connAck, MqttProtocol.V500, out var packet, out _));

        Assert.Equal(new InboundPacket(MqttPacketType.ConnAck, 0, 0, 20), packet);
    }

    [Fact]
    public void An311ConnAckCarriesItsReturnCode()
    {
        Assert.True(MqttPacketReader.TryRead([0x20, 0x02, 0x00, 0x05], MqttProtocol.V311, out var packet, out _));

        Assert.Equal(new InboundPacket(MqttPacketType.ConnAck, 0, 5, 0), packet);
    }

    [Fact]
    public void ABrokersDisconnectCarriesItsReason()
    {
        Assert.True(MqttPacketReader.TryRead([0xE0, 0x01, 0x97], MqttProtocol.V500, out var packet, out _));

        Assert.Equal((MqttPacketType.Disconnect, (byte)0x97), (packet.Type, packet.ReasonCode));
    }

    [Fact]
    public void ALengthRunningPastFourBytesIsMalformed() =>
        Assert.Throws<InvalidDataException>(() => MqttPacketReader.TryRead([0x40, 0xFF, 0xFF, 0xFF, 0xFF, 0x01], MqttProtocol.V500, out _, out _));
}
