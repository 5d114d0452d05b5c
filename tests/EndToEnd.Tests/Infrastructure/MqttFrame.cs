namespace DigitalTwin.EndToEnd.Tests.Infrastructure;

/// <summary>One MQTT control packet as it came off the wire: its type (upper nibble of the first byte), flags and body.</summary>
public sealed record MqttFrame(int Type, int Flags, byte[] Body)
{
    public const int ConnAck = 2;
    public const int PubAck = 4;
    public const int PingResp = 13;
    public const int Disconnect = 14;

    /// <summary>
    /// The properties of an MQTT 5 CONNACK or DISCONNECT (identifier → raw value bytes), read by the
    /// specification's table of property types, so a test sees exactly what the broker stated.
    /// </summary>
    public IReadOnlyDictionary<int, byte[]> Properties(int offset)
    {
        var properties = new Dictionary<int, byte[]>();
        if (offset >= Body.Length)
        {
            return properties;
        }

        var (length, lengthSize) = VariableByteInteger(Body, offset);
        var position = offset + lengthSize;
        var end = position + length;
        while (position < end)
        {
            var id = Body[position++];
            var size = id switch
            {
                0x01 or 0x17 or 0x19 or 0x24 or 0x25 or 0x28 or 0x29 or 0x2A => 1,
                0x13 or 0x21 or 0x22 or 0x23 => 2,
                0x02 or 0x11 or 0x18 or 0x27 => 4,
                0x26 => LengthPrefixed(position) + LengthPrefixed(position + LengthPrefixed(position)),
                _ => LengthPrefixed(position),
            };
            properties[id] = Body[position..(position + size)];
            position += size;
        }

        return properties;
    }

    /// <summary>Size of a string or binary value: its two-byte length and the bytes.</summary>
    private int LengthPrefixed(int at) => 2 + ((Body[at] << 8) | Body[at + 1]);

    public static (int Value, int Size) VariableByteInteger(byte[] bytes, int offset)
    {
        int value = 0, shift = 0, size = 0;
        byte next;
        do
        {
            next = bytes[offset + size++];
            value |= (next & 0x7F) << shift;
            shift += 7;
        }
        while ((next & 0x80) != 0);

        return (value, size);
    }
}
