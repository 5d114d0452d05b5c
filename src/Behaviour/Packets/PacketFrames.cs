using System.Buffers.Binary;
using System.Text;
using DigitalTwin.Behaviour.Traffic;

namespace DigitalTwin.Behaviour.Packets;

/// <summary>
/// Builds the Ethernet frame of a packet described by its <see cref="PacketHeaders"/>, so that
/// <see cref="PacketParser"/> reads the same headers back: made-up MAC addresses derived from the IP addresses;
/// IPv4 (with its checksum) or IPv6; TCP with the header length the headers imply (IP payload minus data: 20 to 60
/// bytes), UDP, ICMP or any other IP protocol, sized exactly as <see cref="PacketHeaders.IpPayloadLength"/> says; a
/// DNS query or response (the question named, the response code) and the first bytes of a TLS record (a ClientHello
/// with its server name, a ServerHello, an alert, application data). Every other payload byte is zero.
/// </summary>
public static class PacketFrames
{
    /// <summary>The longest frame: Ethernet, an IPv6 header and the largest IP payload.</summary>
    public const int MaxLength = EthernetBytes + 40 + ushort.MaxValue;

    private const int EthernetBytes = 14;
    private const ushort DnsPort = 53;

    /// <summary>
    /// Writes the frame of <paramref name="headers"/> into <paramref name="frame"/> (at least <see cref="MaxLength"/>
    /// bytes, or the frame's length) and returns its length. <paramref name="name"/> is the DNS question's or the TLS
    /// server name's text when the headers carry one. <paramref name="contentLength"/> is where the frame's last
    /// non-zero byte ends: a capture cut there (a snap length) still holds every header the parser reads.
    /// </summary>
    public static int Write(in PacketHeaders headers, string? name, Span<byte> frame, out int contentLength)
    {
        var ipv4 = headers.Source.IsIPv4 && headers.Destination.IsIPv4;
        if (!ipv4 && (headers.Source.IsIPv4 || headers.Destination.IsIPv4))
        {
            throw new ArgumentException("source and destination are of one IP family", nameof(headers));
        }

        var ipHeader = ipv4 ? 20 : 40;
        var ipPayload = headers.IpPayloadLength;
        if (ipPayload < 0 || ipPayload > ushort.MaxValue - (ipv4 ? ipHeader : 0))
        {
            throw new ArgumentOutOfRangeException(nameof(headers), ipPayload, "an IP payload of 0 to 65,515 bytes (IPv4) or 65,535 (IPv6)");
        }

        var length = EthernetBytes + ipHeader + ipPayload;
        frame = frame[..length];
        frame.Clear();

        // Ethernet: locally administered addresses made of the IP addresses' last four bytes.
        WriteMac(frame, headers.Destination);
        WriteMac(frame[6..], headers.Source);
        BinaryPrimitives.WriteUInt16BigEndian(frame[12..], ipv4 ? (ushort)0x0800 : (ushort)0x86DD);
        var ip = frame[EthernetBytes..];
        var segment = ip[ipHeader..];
        var transportEnd = WriteTransport(headers, name, segment);
        if (ipv4)
        {
            ip[0] = 0x45;
            BinaryPrimitives.WriteUInt16BigEndian(ip[2..], (ushort)(ipHeader + ipPayload));
            ip[6] = 0x40; // don't fragment
            ip[8] = 64;
            ip[9] = headers.IpProtocol;
            BinaryPrimitives.WriteUInt32BigEndian(ip[12..], (uint)headers.Source.Value);
            BinaryPrimitives.WriteUInt32BigEndian(ip[16..], (uint)headers.Destination.Value);
            BinaryPrimitives.WriteUInt16BigEndian(ip[10..], Checksum(ip[..20], 0));
        }
        else
        {
            ip[0] = 0x60;
            BinaryPrimitives.WriteUInt16BigEndian(ip[4..], (ushort)ipPayload);
            ip[6] = headers.IpProtocol;
            ip[7] = 64;
            BinaryPrimitives.WriteUInt128BigEndian(ip[8..], headers.Source.Value);
            BinaryPrimitives.WriteUInt128BigEndian(ip[24..], headers.Destination.Value);
        }

        // TCP and UDP checksums over the pseudo-header, the header and the written bytes: the zero rest adds nothing.
        var checksumAt = headers.Protocol switch
        {
            TransportProtocol.Tcp => 16,
            TransportProtocol.Udp => 6,
            _ => -1,
        };
        if (checksumAt >= 0 && !headers.WithoutTransportHeader)
        {
            var pseudo = PseudoHeaderSum(ip, ipv4, headers.IpProtocol, ipPayload);
            var sum = Checksum(segment[..transportEnd], pseudo);
            BinaryPrimitives.WriteUInt16BigEndian(segment[checksumAt..], headers.Protocol == TransportProtocol.Udp && sum == 0 ? (ushort)0xFFFF : sum);
        }

        contentLength = EthernetBytes + ipHeader + transportEnd;
        return length;
    }

    /// <summary>Writes the transport header and the payload's meaningful first bytes; returns where they end.</summary>
    private static int WriteTransport(in PacketHeaders headers, string? name, Span<byte> segment)
    {
        if (headers.WithoutTransportHeader)
        {
            return 0;
        }

        switch (headers.Protocol)
        {
            case TransportProtocol.Tcp:
                var headerBytes = segment.Length - headers.TransportPayloadLength;
                if (headerBytes < 20 || headerBytes > 60 || headerBytes % 4 != 0)
                {
                    throw new ArgumentException(
                        $"a TCP segment's header (IP payload {segment.Length} minus data {headers.TransportPayloadLength}) is 20 to 60 bytes in whole words",
                        nameof(headers));
                }

                BinaryPrimitives.WriteUInt16BigEndian(segment, headers.SourcePort);
                BinaryPrimitives.WriteUInt16BigEndian(segment[2..], headers.DestinationPort);
                BinaryPrimitives.WriteUInt32BigEndian(segment[4..], headers.Sequence);
                BinaryPrimitives.WriteUInt32BigEndian(segment[8..], headers.Acknowledgment);
                segment[12] = (byte)(headerBytes / 4 << 4);
                segment[13] = (byte)headers.Flags;
                BinaryPrimitives.WriteUInt16BigEndian(segment[14..], 64_240);
                segment[20..headerBytes].Fill(1); // options: no-operation padding
                return headerBytes + WriteTls(headers, name, segment[headerBytes..]);
            case TransportProtocol.Udp:
                if (segment.Length < 8)
                {
                    throw new ArgumentException($"a UDP datagram of {segment.Length} bytes has no room for its 8-byte header", nameof(headers));
                }

                BinaryPrimitives.WriteUInt16BigEndian(segment, headers.SourcePort);
                BinaryPrimitives.WriteUInt16BigEndian(segment[2..], headers.DestinationPort);
                BinaryPrimitives.WriteUInt16BigEndian(segment[4..], (ushort)segment.Length);
                return 8 + (headers.Dns != DnsMessageKind.None && (headers.SourcePort == DnsPort || headers.DestinationPort == DnsPort)
                    ? WriteDns(headers, name, segment[8..])
                    : 0);
            case TransportProtocol.Icmp when segment.Length >= 1:
                segment[0] = (byte)(headers.IpProtocol == 58 ? 128 : 8); // echo request
                return 1;
            default:
                return 0;
        }
    }

    /// <summary>A DNS header (one question) and the question: the name and type A, class IN.</summary>
    private static int WriteDns(in PacketHeaders headers, string? name, Span<byte> message)
    {
        var text = headers.HasDnsName ? name ?? throw new ArgumentException("a DNS message naming its question needs the name's text", nameof(name)) : "";
        var needed = 12 + EncodedNameLength(text) + 4;
        if (message.Length < needed)
        {
            throw new ArgumentException($"a DNS message asking for '{text}' needs {needed} bytes, the datagram holds {message.Length}", nameof(headers));
        }

        var response = headers.Dns == DnsMessageKind.Response;
        BinaryPrimitives.WriteUInt16BigEndian(message, (ushort)(headers.SourcePort ^ headers.DestinationPort)); // id
        message[2] = (byte)(response ? 0x81 : 0x01); // QR, RD
        message[3] = (byte)(response ? 0x80 | (headers.DnsResponseCode & 0x0F) : 0);
        if (!headers.HasDnsName)
        {
            return 12; // no question
        }

        message[5] = 1; // one question
        var position = 12 + WriteName(text, message[12..]);
        BinaryPrimitives.WriteUInt32BigEndian(message[position..], 0x0001_0001);
        return position + 4;
    }

    private static int EncodedNameLength(string name) => name.Length == 0 ? 1 : Encoding.ASCII.GetByteCount(name) + 2;

    private static int WriteName(string name, Span<byte> to)
    {
        var position = 0;
        if (name.Length > 0)
        {
            foreach (var label in name.Split('.'))
            {
                if (label.Length is 0 or > 63)
                {
                    throw new ArgumentException($"'{name}' has a label of {label.Length} characters", nameof(name));
                }

                to[position++] = (byte)label.Length;
                position += Encoding.ASCII.GetBytes(label, to[position..]);
            }
        }

        to[position++] = 0;
        return position;
    }

    /// <summary>The TLS record a segment's payload starts with: its header and, for a hello, the handshake's first bytes.</summary>
    private static int WriteTls(in PacketHeaders headers, string? name, Span<byte> payload)
    {
        if (headers.Tls == TlsRecord.None)
        {
            return 0;
        }

        if (payload.Length < 6)
        {
            throw new ArgumentException($"a TLS record of {payload.Length} bytes has no room for its header", nameof(headers));
        }

        payload[0] = headers.Tls switch
        {
            TlsRecord.Alert => 21,
            TlsRecord.ApplicationData => 23,
            _ => 22,
        };
        payload[1] = 3;
        payload[2] = headers.Tls == TlsRecord.ClientHello ? (byte)1 : (byte)3;
        BinaryPrimitives.WriteUInt16BigEndian(payload[3..], (ushort)(payload.Length - 5));
        switch (headers.Tls)
        {
            case TlsRecord.ClientHello:
                return 5 + WriteClientHello(headers.HasServerName ? name ?? throw new ArgumentException("a ClientHello naming its server needs the name's text", nameof(name)) : null, payload[5..]);
            case TlsRecord.ServerHello:
                payload[5] = 2;
                return 6;
            case TlsRecord.Handshake:
                payload[5] = 11; // certificate
                return 6;
            case TlsRecord.Alert:
                payload[5] = 2; // fatal
                payload[6] = 40; // handshake failure
                return 7;
            default:
                return 5;
        }
    }

    /// <summary>A ClientHello: version, zero random, no session id, one cipher suite, no compression, and the server name.</summary>
    private static int WriteClientHello(string? serverName, Span<byte> hello)
    {
        var nameBytes = serverName is null ? 0 : Encoding.ASCII.GetByteCount(serverName);
        var extensions = serverName is null ? 0 : 4 + 5 + nameBytes;
        var needed = 4 + 2 + 32 + 1 + 2 + 2 + 1 + 1 + 2 + extensions;
        if (hello.Length < needed)
        {
            throw new ArgumentException($"a ClientHello naming '{serverName}' needs {needed} bytes, the record holds {hello.Length}", nameof(serverName));
        }

        hello[0] = 1;
        var body = hello.Length - 4;
        hello[1] = (byte)(body >> 16);
        BinaryPrimitives.WriteUInt16BigEndian(hello[2..], (ushort)body);
        hello[4] = 3;
        hello[5] = 3;
        var position = 4 + 2 + 32;
        hello[position++] = 0; // session id
        BinaryPrimitives.WriteUInt16BigEndian(hello[position..], 2);
        BinaryPrimitives.WriteUInt16BigEndian(hello[(position + 2)..], 0x1301); // TLS_AES_128_GCM_SHA256
        position += 4;
        hello[position++] = 1; // one compression method: none
        hello[position++] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(hello[position..], (ushort)extensions);
        position += 2;
        if (serverName is not null)
        {
            BinaryPrimitives.WriteUInt16BigEndian(hello[position..], 0); // server_name
            BinaryPrimitives.WriteUInt16BigEndian(hello[(position + 2)..], (ushort)(5 + nameBytes));
            BinaryPrimitives.WriteUInt16BigEndian(hello[(position + 4)..], (ushort)(3 + nameBytes));
            hello[position + 6] = 0; // host name
            BinaryPrimitives.WriteUInt16BigEndian(hello[(position + 7)..], (ushort)nameBytes);
            position += 9 + Encoding.ASCII.GetBytes(serverName, hello[(position + 9)..]);
        }

        return position;
    }

    private static void WriteMac(Span<byte> to, HostAddress address)
    {
        to[0] = 0x02;
        to[1] = 0x00;
        BinaryPrimitives.WriteUInt32BigEndian(to[2..], (uint)address.Value);
    }

    private static uint PseudoHeaderSum(ReadOnlySpan<byte> ip, bool ipv4, byte protocol, int length)
    {
        var addresses = ipv4 ? ip.Slice(12, 8) : ip.Slice(8, 32);
        uint sum = 0;
        for (var i = 0; i < addresses.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(addresses[i..]);
        }

        return sum + protocol + (uint)(length >> 16) + (uint)(length & 0xFFFF);
    }

    /// <summary>The Internet checksum (one's complement of the one's complement sum of 16-bit words).</summary>
    private static ushort Checksum(ReadOnlySpan<byte> data, uint sum)
    {
        var i = 0;
        for (; i + 1 < data.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
        }

        if (i < data.Length)
        {
            sum += (uint)data[i] << 8;
        }

        while (sum > 0xFFFF)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        return (ushort)~sum;
    }
}
