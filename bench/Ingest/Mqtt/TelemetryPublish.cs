using System.Buffers.Binary;
using System.Buffers.Text;
using System.Text;

namespace DigitalTwin.Ingest.Mqtt;

/// <summary>
/// One device's QoS 1 telemetry PUBLISH, rendered once: the topic field is encoded when the device is created and
/// every message copies it and a pre-rendered reading (<see cref="TelemetryReadings"/>), then writes the packet id
/// and the sequence number in place. Nothing is allocated per message.
/// </summary>
public sealed class TelemetryPublish
{
    /// <summary>Digits of the largest seq: <see cref="long.MaxValue"/>.</summary>
    private const int MaxSeqDigits = 19;

    private readonly int _deviceIndex;
    private readonly byte[] _topicField;
    private readonly MqttProtocol _protocol;

    public TelemetryPublish(int deviceIndex, string topic, MqttProtocol protocol)
    {
        var topicBytes = Encoding.UTF8.GetBytes(topic);
        _deviceIndex = deviceIndex;
        _protocol = protocol;
        _topicField = new byte[2 + topicBytes.Length];
        BinaryPrimitives.WriteUInt16BigEndian(_topicField, (ushort)topicBytes.Length);
        topicBytes.CopyTo(_topicField, 2);

        // Fixed header (1 + up to 4), topic, packet id, properties length, payload.
        MaxLength = 5 + _topicField.Length + 2 + 1 + TelemetryReadings.MaxPrefixLength + MaxSeqDigits + 1;
    }

    /// <summary>The most bytes one packet of this device takes.</summary>
    public int MaxLength { get; }

    /// <summary>Writes message <paramref name="seq"/> with <paramref name="packetId"/> into <paramref name="destination"/>; returns its length.</summary>
    public int Write(Span<byte> destination, ushort packetId, long seq)
    {
        var prefix = TelemetryReadings.PrefixFor(_deviceIndex, seq);
        var digits = CountDigits(seq);
        var remaining = _topicField.Length + 2 + (_protocol == MqttProtocol.V500 ? 1 : 0) + prefix.Length + digits + 1;

        destination[0] = 0x32; // PUBLISH, QoS 1, no DUP, no RETAIN
        var at = 1 + MqttPackets.WriteRemainingLength(destination[1..], remaining);
        _topicField.CopyTo(destination[at..]);
        at += _topicField.Length;
        BinaryPrimitives.WriteUInt16BigEndian(destination[at..], packetId);
        at += 2;
        if (_protocol == MqttProtocol.V500)
        {
            destination[at++] = 0; // no properties
        }

        prefix.CopyTo(destination[at..]);
        at += prefix.Length;
        Utf8Formatter.TryFormat(seq, destination[at..], out var written);
        at += written;
        destination[at++] = (byte)'}';
        return at;
    }

    private static int CountDigits(long value)
    {
        var digits = 1;
        for (; value >= 10; value /= 10)
        {
            digits++;
        }

        return value < 0 ? throw new ArgumentOutOfRangeException(nameof(value), "A seq is not negative.") : digits;
    }
}
