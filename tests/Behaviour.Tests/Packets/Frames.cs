using System.Buffers.Binary;
using System.Net;
using System.Text;
using DigitalTwin.Behaviour.Packets;

namespace DigitalTwin.Behaviour.Tests.Packets;

/// <summary>
/// Builds the bytes of frames the way they appear on the wire, for the parser and observer tests: link layers, IPv4
/// and IPv6 (with extension headers), TCP, UDP and ICMP, and the DNS and TLS payloads the parser reads.
/// </summary>
internal static class Frames
{
    public const ushort EtherTypeIPv4 = 0x0800;
    public const ushort EtherTypeIPv6 = 0x86DD;
    public const ushort EtherTypeArp = 0x0806;
    public const ulong SourceMac = 0x02_00_5E_10_20_30;

    public static IPAddress Ip(string text) => IPAddress.Parse(text);

    public static HostAddress Host(string text) => HostAddress.From(IPAddress.Parse(text));

    /// <summary>An Ethernet II frame carrying <paramref name="packet"/>, with 802.1Q/802.1ad tags (outermost first) when given.</summary>
    public static byte[] Ethernet(byte[] packet, params ushort[] vlanTagTypes) =>
        EthernetOf(packet, EtherTypeOf(packet), vlanTagTypes);

    public static byte[] EthernetOf(byte[] payload, ushort etherType, params ushort[] vlanTagTypes)
    {
        var frame = new List<byte>();
        frame.AddRange([0x02, 0x00, 0x5E, 0x00, 0x00, 0x01]);
        var mac = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(mac, SourceMac);
        frame.AddRange(mac[2..]);
        for (var i = 0; i < vlanTagTypes.Length; i++)
        {
            frame.AddRange(U16(vlanTagTypes[i]));
            frame.AddRange(U16((ushort)(100 + i))); // the tag control information: priority 0, VLAN id 100 + i
        }

        frame.AddRange(U16(etherType));
        frame.AddRange(payload);
        return [.. frame];
    }

    /// <summary>A Linux cooked (SLL) header: packet type, ARPHRD, address length and address, protocol.</summary>
    public static byte[] LinuxSll(byte[] packet)
    {
        var header = new byte[16];
        BinaryPrimitives.WriteUInt16BigEndian(header, 4); // sent by us
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(2), 1); // ARPHRD_ETHER
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(4), 6);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(14), EtherTypeOf(packet));
        return [.. header, .. packet];
    }

    /// <summary>A Linux cooked v2 (SLL2) header: protocol, reserved, interface index, ARPHRD, packet type, address.</summary>
    public static byte[] LinuxSll2(byte[] packet)
    {
        var header = new byte[20];
        BinaryPrimitives.WriteUInt16BigEndian(header, EtherTypeOf(packet));
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), 2);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(8), 1);
        header[11] = 6;
        return [.. header, .. packet];
    }

    /// <summary>BSD loopback (DLT_NULL, family in host order) or OpenBSD loopback (DLT_LOOP, network order).</summary>
    public static byte[] Loopback(byte[] packet, bool networkOrder)
    {
        var family = new byte[4];
        var value = (packet[0] >> 4) == 4 ? 2u : 24u;
        if (networkOrder)
        {
            BinaryPrimitives.WriteUInt32BigEndian(family, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(family, value);
        }

        return [.. family, .. packet];
    }

    /// <summary>An IPv4 packet with a 20-byte header; <paramref name="fragmentOffset"/> in 8-byte units.</summary>
    public static byte[] IPv4(string source, string destination, byte protocol, byte[] transport, ushort fragmentOffset = 0, bool moreFragments = false)
    {
        var header = new byte[20];
        header[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(2), (ushort)(20 + transport.Length));
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(6), (ushort)(fragmentOffset | (moreFragments ? 0x2000 : 0)));
        header[8] = 64;
        header[9] = protocol;
        Ip(source).TryWriteBytes(header.AsSpan(12), out _);
        Ip(destination).TryWriteBytes(header.AsSpan(16), out _);
        return [.. header, .. transport];
    }

    /// <summary>An IPv6 packet; <paramref name="extensions"/> are (header type, bytes) pairs placed before the transport, in order.</summary>
    public static byte[] IPv6(string source, string destination, byte protocol, byte[] transport, params (byte Type, byte[] Bytes)[] extensions)
    {
        var chain = new List<byte>();
        var first = extensions.Length == 0 ? protocol : extensions[0].Type;
        for (var i = 0; i < extensions.Length; i++)
        {
            var bytes = (byte[])extensions[i].Bytes.Clone();
            bytes[0] = i + 1 < extensions.Length ? extensions[i + 1].Type : protocol;
            chain.AddRange(bytes);
        }

        chain.AddRange(transport);
        var header = new byte[40];
        header[0] = 0x60;
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(4), (ushort)chain.Count);
        header[6] = first;
        header[7] = 64;
        Ip(source).TryWriteBytes(header.AsSpan(8), out _);
        Ip(destination).TryWriteBytes(header.AsSpan(24), out _);
        return [.. header, .. chain];
    }

    /// <summary>A hop-by-hop options header of 8 bytes (a PadN option filling it); the next-header byte is set by <see cref="IPv6"/>.</summary>
    public static (byte Type, byte[] Bytes) HopByHop() => (0, [0, 0, 1, 4, 0, 0, 0, 0]);

    /// <summary>A fragment header; <paramref name="offset"/> in 8-byte units.</summary>
    public static (byte Type, byte[] Bytes) Fragment(ushort offset, bool more)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2), (ushort)((offset << 3) | (more ? 1 : 0)));
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4), 0x1234);
        return (44, bytes);
    }

    public static byte[] Tcp(ushort sourcePort, ushort destinationPort, uint sequence, uint acknowledgment, TcpFlags flags, byte[]? payload = null, int dataOffsetWords = 5)
    {
        var header = new byte[Math.Max(20, dataOffsetWords * 4)];
        BinaryPrimitives.WriteUInt16BigEndian(header, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(2), destinationPort);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), sequence);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(8), acknowledgment);
        header[12] = (byte)(dataOffsetWords << 4);
        header[13] = (byte)flags;
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(14), 64240);
        return [.. header, .. payload ?? []];
    }

    public static byte[] Udp(ushort sourcePort, ushort destinationPort, byte[] payload)
    {
        var header = new byte[8];
        BinaryPrimitives.WriteUInt16BigEndian(header, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(2), destinationPort);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(4), (ushort)(8 + payload.Length));
        return [.. header, .. payload];
    }

    /// <summary>An ICMP echo request with <paramref name="dataBytes"/> bytes of data.</summary>
    public static byte[] IcmpEcho(int dataBytes = 56) => [8, 0, 0, 0, 0, 1, 0, 1, .. new byte[dataBytes]];

    public static byte[] DnsQuery(ushort id, string name) => Dns(id, name, response: false, responseCode: 0);

    public static byte[] DnsResponse(ushort id, string name, byte responseCode) => Dns(id, name, response: true, responseCode);

    /// <summary>A TLS record with a ClientHello naming <paramref name="serverName"/> in its server_name extension (after another extension).</summary>
    public static byte[] TlsClientHello(string? serverName)
    {
        var extensions = new List<byte>();
        extensions.AddRange(U16(0x000A)); // supported_groups first, so the parser has to walk past it
        extensions.AddRange(U16(4));
        extensions.AddRange([0, 2, 0, 0x1D]);
        if (serverName is not null)
        {
            var name = Encoding.ASCII.GetBytes(serverName);
            extensions.AddRange(U16(0));
            extensions.AddRange(U16((ushort)(name.Length + 5)));
            extensions.AddRange(U16((ushort)(name.Length + 3)));
            extensions.Add(0);
            extensions.AddRange(U16((ushort)name.Length));
            extensions.AddRange(name);
        }

        var body = new List<byte>();
        body.AddRange([3, 3]);
        body.AddRange(new byte[32]);
        body.Add(32);
        body.AddRange(new byte[32]); // session id
        body.AddRange(U16(4));
        body.AddRange([0x13, 0x01, 0x13, 0x02]);
        body.AddRange([1, 0]); // compression methods: null
        body.AddRange(U16((ushort)extensions.Count));
        body.AddRange(extensions);
        return Handshake(1, [.. body]);
    }

    public static byte[] TlsServerHello() => Handshake(2, [3, 3, .. new byte[32], 0, 0x13, 0x01, 0, 0, 0]);

    public static byte[] TlsAlert() => Record(21, [2, 40]);

    public static byte[] TlsApplicationData(int length) => Record(23, new byte[length]);

    private static byte[] Handshake(byte type, byte[] body)
    {
        byte[] message = [type, (byte)(body.Length >> 16), (byte)(body.Length >> 8), (byte)body.Length, .. body];
        return Record(22, message);
    }

    private static byte[] Record(byte contentType, byte[] fragment) => [contentType, 3, 1, .. U16((ushort)fragment.Length), .. fragment];

    private static byte[] Dns(ushort id, string name, bool response, byte responseCode)
    {
        var message = new List<byte>();
        message.AddRange(U16(id));
        message.Add((byte)(response ? 0x81 : 0x01)); // QR, opcode 0, RD
        message.Add((byte)(response ? 0x80 | responseCode : 0));
        message.AddRange(U16(1));
        message.AddRange(U16(0));
        message.AddRange(U16(0));
        message.AddRange(U16(0));
        foreach (var label in name.Split('.'))
        {
            message.Add((byte)label.Length);
            message.AddRange(Encoding.ASCII.GetBytes(label));
        }

        message.Add(0);
        message.AddRange(U16(1)); // type A
        message.AddRange(U16(1)); // class IN
        return [.. message];
    }

    private static ushort EtherTypeOf(byte[] packet) => (packet[0] >> 4) == 6 ? EtherTypeIPv6 : EtherTypeIPv4;

    private static byte[] U16(ushort value) => [(byte)(value >> 8), (byte)value];
}
