using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using DigitalTwin.Ingest.Mqtt;

namespace DigitalTwin.Ingest.Tests.Mqtt;

/// <summary>The pre-rendered telemetry PUBLISH: a well-formed QoS 1 packet whose payload is JSON carrying the seq.</summary>
public sealed class TelemetryPublishTests
{
    private const string Topic = "device/bench-0001/telemetry";

    [Theory]
    [InlineData(MqttProtocol.V500, 1L)]
    [InlineData(MqttProtocol.V500, 9_999_999_999L)]
    [InlineData(MqttProtocol.V311, 42L)]
    public void APublishIsQos1WithTopicPacketIdAndAJsonPayloadCarryingTheSeq(MqttProtocol protocol, long seq)
    {
        var publish = new TelemetryPublish(1, Topic, protocol);
        var buffer = new byte[publish.MaxLength];

        var length = publish.Write(buffer, 513, seq);

        Assert.True(MqttPacketReader.TryRead(buffer.AsSpan(0, length), protocol, out var packet, out var consumed));
        Assert.Equal(MqttPacketType.Publish, packet.Type);
        Assert.Equal(length, consumed);
        Assert.Equal(0x32, buffer[0]);

        var at = 1 + MqttPackets.RemainingLengthSize(length - 2);
        var topicLength = BinaryPrimitives.ReadUInt16BigEndian(buffer.AsSpan(at));
        Assert.Equal(Topic, Encoding.UTF8.GetString(buffer, at + 2, topicLength));
        at += 2 + topicLength;
        Assert.Equal(513, BinaryPrimitives.ReadUInt16BigEndian(buffer.AsSpan(at)));
        at += 2;
        if (protocol == MqttProtocol.V500)
        {
            Assert.Equal(0, buffer[at++]);
        }

        using var payload = JsonDocument.Parse(buffer.AsMemory(at, length - at));
        Assert.Equal(seq, payload.RootElement.GetProperty("seq").GetInt64());
        Assert.True(payload.RootElement.GetProperty("temperature").GetDouble() is > 17 and < 25);
    }

    [Fact]
    public void ReadingsDriftFromOneMessageToTheNextAndDifferBetweenDevices()
    {
        Assert.NotEqual(Payload(1, 1), Payload(1, 2));
        Assert.NotEqual(Payload(1, 1), Payload(2, 1));
    }

    [Fact]
    public void AWindowOfTheLongestPacketsFitsTheAdvertisedMaximum()
    {
        var publish = new TelemetryPublish(7, Topic, MqttProtocol.V500);
        var buffer = new byte[publish.MaxLength * 3];

        var length = 0;
        for (var i = 0; i < 3; i++)
        {
            length += publish.Write(buffer.AsSpan(length), (ushort)(i + 1), long.MaxValue - i);
        }

        Assert.True(length <= buffer.Length);
    }

    private static string Payload(int device, long seq)
    {
        var publish = new TelemetryPublish(device, Topic, MqttProtocol.V500);
        var buffer = new byte[publish.MaxLength];
        var length = publish.Write(buffer, 1, seq);
        var text = Encoding.UTF8.GetString(buffer, 0, length);
        return text[text.IndexOf('{', StringComparison.Ordinal)..].Replace($"\"seq\":{seq}", "", StringComparison.Ordinal);
    }
}
