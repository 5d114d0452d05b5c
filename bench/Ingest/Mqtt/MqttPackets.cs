using System.Buffers.Binary;
using System.Text;

namespace DigitalTwin.Ingest.Mqtt;

/// <summary>
/// Encodes the few packets a QoS 1 publisher sends besides its PUBLISHes (those are <see cref="TelemetryPublish"/>'s):
/// CONNECT with a clean start, PINGREQ and DISCONNECT. MQTT 3.1.1 §3 and MQTT 5 §3.
/// </summary>
public static class MqttPackets
{
    /// <summary>The largest remaining length MQTT can express (four bytes of variable-length integer).</summary>
    public const int MaxRemainingLength = 268_435_455;

    public static ReadOnlyMemory<byte> PingRequest { get; } = new byte[] { 0xC0, 0x00 };

    /// <summary>A normal disconnect; in MQTT 5 a remaining length of 0 means reason 0x00 without properties.</summary>
    public static ReadOnlyMemory<byte> Disconnect { get; } = new byte[] { 0xE0, 0x00 };

    /// <summary>CONNECT with clean start/session, no will, no credentials and, in MQTT 5, no properties.</summary>
    public static byte[] Connect(string clientId, MqttProtocol protocol, ushort keepAliveSeconds, string? username = null, string? password = null)
    {
        var id = Encoding.UTF8.GetBytes(clientId);
        var user = username is null ? null : Encoding.UTF8.GetBytes(username);
        var secret = password is null ? null : Encoding.UTF8.GetBytes(password);
        if (id.Length > ushort.MaxValue || user?.Length > ushort.MaxValue || secret?.Length > ushort.MaxValue)
        {
            throw new ArgumentException("A client id, username or password is at most 65,535 bytes of UTF-8.", nameof(clientId));
        }

        if (secret is not null && user is null)
        {
            throw new ArgumentException("A password needs a username.", nameof(password));
        }

        // Protocol name (2 + 4), level, flags, keep alive (2), [properties length], client id (2 + n), [username], [password].
        var remaining = 10 + (protocol == MqttProtocol.V500 ? 1 : 0) + 2 + id.Length + (user is null ? 0 : 2 + user.Length) + (secret is null ? 0 : 2 + secret.Length);
        var packet = new byte[1 + RemainingLengthSize(remaining) + remaining];
        packet[0] = (byte)MqttPacketType.Connect << 4;
        var at = 1 + WriteRemainingLength(packet.AsSpan(1), remaining);
        "\0\u0004MQTT"u8.CopyTo(packet.AsSpan(at));
        at += 6;
        packet[at++] = protocol == MqttProtocol.V500 ? (byte)5 : (byte)4;
        packet[at++] = (byte)(0x02 | (user is null ? 0 : 0x80) | (secret is null ? 0 : 0x40)); // clean start (MQTT 5) / clean session (3.1.1), credentials
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(at), keepAliveSeconds);
        at += 2;
        if (protocol == MqttProtocol.V500)
        {
            packet[at++] = 0; // no properties
        }

        at = WriteString(packet, at, id);
        if (user is not null)
        {
            at = WriteString(packet, at, user);
        }

        if (secret is not null)
        {
            WriteString(packet, at, secret);
        }

        return packet;
    }

    private static int WriteString(byte[] packet, int at, byte[] value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(at), (ushort)value.Length);
        value.CopyTo(packet.AsSpan(at + 2));
        return at + 2 + value.Length;
    }

    /// <summary>Bytes the variable-length integer for <paramref name="length"/> takes (1–4).</summary>
    public static int RemainingLengthSize(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, MaxRemainingLength);
        return length < 128 ? 1 : length < 16_384 ? 2 : length < 2_097_152 ? 3 : 4;
    }

    /// <summary>Writes <paramref name="length"/> as MQTT's variable-length integer; returns the bytes written.</summary>
    public static int WriteRemainingLength(Span<byte> destination, int length)
    {
        var size = RemainingLengthSize(length);
        for (var i = 0; i < size; i++)
        {
            var digit = (byte)(length & 0x7F);
            length >>= 7;
            destination[i] = length > 0 ? (byte)(digit | 0x80) : digit;
        }

        return size;
    }
}
