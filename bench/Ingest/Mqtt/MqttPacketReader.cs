using System.Buffers.Binary;

namespace DigitalTwin.Ingest.Mqtt;

/// <summary>
/// Splits the bytes a broker sent into packets and reads what a publisher needs of them (<see cref="InboundPacket"/>).
/// Packets it has no use for (a PUBLISH, a SUBACK) are skipped whole; a malformed length is an error.
/// </summary>
public static class MqttPacketReader
{
    /// <summary>
    /// Reads the first packet of <paramref name="buffer"/>. False when the buffer does not hold a whole packet yet
    /// (<paramref name="consumed"/> is 0); throws <see cref="InvalidDataException"/> on a malformed one.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> buffer, MqttProtocol protocol, out InboundPacket packet, out int consumed)
    {
        packet = default;
        consumed = 0;
        if (buffer.Length < 2 || !TryReadVariableInteger(buffer[1..], out var remaining, out var lengthBytes))
        {
            return false;
        }

        var total = 1 + lengthBytes + remaining;
        if (buffer.Length < total)
        {
            return false;
        }

        var type = (MqttPacketType)(buffer[0] >> 4);
        var body = buffer.Slice(1 + lengthBytes, remaining);
        packet = type switch
        {
            MqttPacketType.PubAck => ReadPubAck(body),
            MqttPacketType.ConnAck => ReadConnAck(body, protocol),
            MqttPacketType.Disconnect => new InboundPacket(type, 0, body.Length > 0 ? body[0] : (byte)0, 0),
            _ => new InboundPacket(type, 0, 0, 0),
        };
        consumed = total;
        return true;
    }

    private static InboundPacket ReadPubAck(ReadOnlySpan<byte> body)
    {
        if (body.Length < 2)
        {
            throw new InvalidDataException($"A PUBACK of {body.Length} bytes has no packet id.");
        }

        // MQTT 5 leaves the reason out when it is 0x00 and there are no properties; 3.1.1 never has one.
        return new InboundPacket(MqttPacketType.PubAck, BinaryPrimitives.ReadUInt16BigEndian(body), body.Length > 2 ? body[2] : (byte)0, 0);
    }

    private static InboundPacket ReadConnAck(ReadOnlySpan<byte> body, MqttProtocol protocol)
    {
        if (body.Length < 2)
        {
            throw new InvalidDataException($"A CONNACK of {body.Length} bytes has no reason code.");
        }

        ushort receiveMaximum = 0;
        if (protocol == MqttProtocol.V500 && body.Length > 2)
        {
            if (!TryReadVariableInteger(body[2..], out var propertiesLength, out var lengthBytes) || 2 + lengthBytes + propertiesLength > body.Length)
            {
                throw new InvalidDataException("A CONNACK's properties run past its end.");
            }

            receiveMaximum = FindReceiveMaximum(body.Slice(2 + lengthBytes, propertiesLength));
        }

        return new InboundPacket(MqttPacketType.ConnAck, 0, body[1], receiveMaximum);
    }

    /// <summary>Walks MQTT 5 properties (§2.2.2.2) for Receive Maximum (0x21); 0 when absent.</summary>
    private static ushort FindReceiveMaximum(ReadOnlySpan<byte> properties)
    {
        var at = 0;
        while (at < properties.Length)
        {
            var id = properties[at++];
            if (id == 0x21)
            {
                return BinaryPrimitives.ReadUInt16BigEndian(properties[at..]);
            }

            at += id switch
            {
                0x01 or 0x17 or 0x19 or 0x24 or 0x25 or 0x28 or 0x29 or 0x2A => 1,
                0x13 or 0x22 or 0x23 => 2,
                0x02 or 0x11 or 0x18 or 0x27 => 4,
                0x0B => TryReadVariableInteger(properties[at..], out _, out var size) ? size : throw Malformed(id),
                0x03 or 0x08 or 0x09 or 0x12 or 0x15 or 0x16 or 0x1A or 0x1C or 0x1F => 2 + BinaryPrimitives.ReadUInt16BigEndian(properties[at..]),
                0x26 => StringPairLength(properties[at..]),
                _ => throw Malformed(id),
            };
        }

        return 0;
    }

    private static int StringPairLength(ReadOnlySpan<byte> pair)
    {
        var name = 2 + BinaryPrimitives.ReadUInt16BigEndian(pair);
        return name + 2 + BinaryPrimitives.ReadUInt16BigEndian(pair[name..]);
    }

    private static InvalidDataException Malformed(byte id) => new($"A CONNACK carries unknown property 0x{id:X2}.");

    /// <summary>False when <paramref name="source"/> ends inside the integer; throws when it runs past four bytes.</summary>
    private static bool TryReadVariableInteger(ReadOnlySpan<byte> source, out int value, out int size)
    {
        value = 0;
        for (size = 0; size < 4; size++)
        {
            if (size >= source.Length)
            {
                return false;
            }

            value |= (source[size] & 0x7F) << (7 * size);
            if ((source[size] & 0x80) == 0)
            {
                size++;
                return true;
            }
        }

        throw new InvalidDataException("A variable-length integer runs past four bytes.");
    }
}
