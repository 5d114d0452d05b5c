using System.Text;

namespace DigitalTwin.EndToEnd.Tests.Security;

/// <summary>
/// MQTT packets written byte by byte for the broker-access tests: a CONNECT with a username, a password and a last
/// will, and a SUBSCRIBE, so a test reads exactly the reason code the broker answers (level 4 is MQTT 3.1.1, 5 is MQTT 5).
/// </summary>
public static class MqttAuthPackets
{
    public const int SubAck = 9;

    public static byte[] Connect(string clientId, string? username, string? password, int level, string? willTopic = null, bool cleanSession = true)
    {
        var body = new List<byte>();
        AddString(body, "MQTT");
        body.Add((byte)level);
        var flags = cleanSession ? 0x02 : 0x00;
        flags |= username is null ? 0 : 0x80;
        flags |= password is null ? 0 : 0x40;
        flags |= willTopic is null ? 0 : 0x04 | 0x08;
        body.Add((byte)flags);
        body.AddRange([0, 30]);
        if (level == 5)
        {
            body.Add(0);
        }

        AddString(body, clientId);
        if (willTopic is not null)
        {
            if (level == 5)
            {
                body.Add(0);
            }

            AddString(body, willTopic);
            AddString(body, """{"status":"offline"}""");
        }

        if (username is not null)
        {
            AddString(body, username);
        }

        if (password is not null)
        {
            AddString(body, password);
        }

        return Packet(0x10, body);
    }

    public static byte[] Subscribe(string filter, ushort packetId, int level)
    {
        var body = new List<byte> { (byte)(packetId >> 8), (byte)packetId };
        if (level == 5)
        {
            body.Add(0);
        }

        AddString(body, filter);
        body.Add(1);
        return Packet(0x82, body);
    }

    /// <summary>The reason code of a CONNACK (its second byte, in both versions).</summary>
    public static int ConnAckReason(Infrastructure.MqttFrame frame) => frame.Body[1];

    /// <summary>The reason code of an MQTT 5 PUBACK: absent (success) when the body is only the packet id.</summary>
    public static int PubAckReason(Infrastructure.MqttFrame frame) => frame.Body.Length > 2 ? frame.Body[2] : 0;

    /// <summary>The first return/reason code of a SUBACK: after the packet id, and in MQTT 5 after the properties.</summary>
    public static int SubAckReason(Infrastructure.MqttFrame frame, int level)
    {
        var offset = 2;
        if (level == 5)
        {
            var (length, size) = Infrastructure.MqttFrame.VariableByteInteger(frame.Body, offset);
            offset += size + length;
        }

        return frame.Body[offset];
    }

    private static void AddString(List<byte> body, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        body.AddRange([(byte)(bytes.Length >> 8), (byte)bytes.Length]);
        body.AddRange(bytes);
    }

    private static byte[] Packet(byte header, List<byte> body)
    {
        var packet = new List<byte> { header };
        var length = body.Count;
        do
        {
            var next = (byte)(length % 128);
            length /= 128;
            packet.Add(length > 0 ? (byte)(next | 0x80) : next);
        }
        while (length > 0);

        packet.AddRange(body);
        return [.. packet];
    }
}
