using System.Buffers.Binary;
using DigitalTwin.Behaviour.Traffic;

namespace DigitalTwin.Behaviour.Packets;

/// <summary>
/// Reads <see cref="PacketHeaders"/> from a captured frame without allocating: link layers of Ethernet (with 802.1Q and
/// 802.1ad VLAN tags), Linux cooked captures, loopback and raw IP; IPv4 and IPv6 (extension headers skipped); TCP,
/// UDP, ICMP and ICMPv6; DNS messages on port 53 and TLS records at the start of TCP payloads. Every read is bounded
/// by the captured bytes, so garbage frames are refused as <see cref="PacketParseResult.Malformed"/>, never thrown on.
/// </summary>
public static class PacketParser
{
    private const ushort EtherTypeIPv4 = 0x0800;
    private const ushort EtherTypeIPv6 = 0x86DD;
    private const ushort EtherTypeVlan = 0x8100;
    private const ushort EtherTypeQinQ = 0x88A8;
    private const ushort EtherTypeQinQOld = 0x9100;
    private const int MaxVlanTags = 4;
    private const int MaxExtensionHeaders = 8;
    private const ushort DnsPort = 53;
    private const byte NxDomain = 3;

    public static PacketParseResult TryParse(int linkType, ReadOnlySpan<byte> frame, long timeMicros, out PacketHeaders headers)
    {
        headers = default;
        headers.TimeMicros = timeMicros;
        return (CaptureLinkType)linkType switch
        {
            CaptureLinkType.Ethernet => ParseEthernet(frame, ref headers),
            CaptureLinkType.Raw or CaptureLinkType.RawIPv4 or CaptureLinkType.RawIPv6
                or CaptureLinkType.RawOpenBsd or CaptureLinkType.RawBsd => ParseIp(frame, ref headers),
            CaptureLinkType.Null => frame.Length < 4 ? PacketParseResult.Malformed : ParseIp(frame[4..], ref headers),
            CaptureLinkType.Loop => frame.Length < 4 ? PacketParseResult.Malformed : ParseIp(frame[4..], ref headers),
            CaptureLinkType.LinuxSll => frame.Length < 16 ? PacketParseResult.Malformed
                : ParseEtherType(BinaryPrimitives.ReadUInt16BigEndian(frame[14..]), frame[16..], ref headers),
            CaptureLinkType.LinuxSll2 => frame.Length < 20 ? PacketParseResult.Malformed
                : ParseEtherType(BinaryPrimitives.ReadUInt16BigEndian(frame), frame[20..], ref headers),
            _ => PacketParseResult.NotIp,
        };
    }

    /// <summary>Whether the parser reads frames of this link type.</summary>
    public static bool Reads(int linkType) => Enum.IsDefined((CaptureLinkType)linkType);

    private static PacketParseResult ParseEthernet(ReadOnlySpan<byte> frame, ref PacketHeaders headers)
    {
        if (frame.Length < 14)
        {
            return PacketParseResult.Malformed;
        }

        headers.SourceMac = BinaryPrimitives.ReadUInt64BigEndian(frame[4..]) & 0xFFFF_FFFF_FFFF;
        var etherType = BinaryPrimitives.ReadUInt16BigEndian(frame[12..]);
        var rest = frame[14..];
        for (var tags = 0; etherType is EtherTypeVlan or EtherTypeQinQ or EtherTypeQinQOld; tags++)
        {
            if (tags == MaxVlanTags || rest.Length < 4)
            {
                return PacketParseResult.Malformed;
            }

            etherType = BinaryPrimitives.ReadUInt16BigEndian(rest[2..]);
            rest = rest[4..];
        }

        return ParseEtherType(etherType, rest, ref headers);
    }

    private static PacketParseResult ParseEtherType(ushort etherType, ReadOnlySpan<byte> packet, ref PacketHeaders headers) => etherType switch
    {
        EtherTypeIPv4 or EtherTypeIPv6 => ParseIp(packet, ref headers),
        _ => PacketParseResult.NotIp,
    };

    private static PacketParseResult ParseIp(ReadOnlySpan<byte> packet, ref PacketHeaders headers)
    {
        if (packet.IsEmpty)
        {
            return PacketParseResult.Malformed;
        }

        return (packet[0] >> 4) switch
        {
            4 => ParseIPv4(packet, ref headers),
            6 => ParseIPv6(packet, ref headers),
            _ => PacketParseResult.Malformed,
        };
    }

    private static PacketParseResult ParseIPv4(ReadOnlySpan<byte> packet, ref PacketHeaders headers)
    {
        if (packet.Length < 20)
        {
            return PacketParseResult.Malformed;
        }

        var headerLength = (packet[0] & 0x0F) * 4;
        int totalLength = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        if (headerLength < 20 || totalLength < headerLength || packet.Length < headerLength)
        {
            return PacketParseResult.Malformed;
        }

        headers.Source = HostAddress.FromIPv4(BinaryPrimitives.ReadUInt32BigEndian(packet[12..]));
        headers.Destination = HostAddress.FromIPv4(BinaryPrimitives.ReadUInt32BigEndian(packet[16..]));
        headers.IpProtocol = packet[9];
        headers.IpPayloadLength = totalLength - headerLength;
        headers.Truncated = packet.Length < totalLength;
        var fragmentOffset = BinaryPrimitives.ReadUInt16BigEndian(packet[6..]) & 0x1FFF;
        var payload = packet[headerLength..Math.Min(packet.Length, totalLength)];

        // Only the first fragment carries the transport header; later ones count as packets of their protocol.
        headers.WithoutTransportHeader = fragmentOffset != 0;
        return headers.WithoutTransportHeader
            ? Classify(ref headers)
            : ParseTransport(payload, headers.IpPayloadLength, ref headers);
    }

    private static PacketParseResult ParseIPv6(ReadOnlySpan<byte> packet, ref PacketHeaders headers)
    {
        if (packet.Length < 40)
        {
            return PacketParseResult.Malformed;
        }

        int payloadLength = BinaryPrimitives.ReadUInt16BigEndian(packet[4..]);
        headers.Source = HostAddress.FromBytes(packet.Slice(8, 16));
        headers.Destination = HostAddress.FromBytes(packet.Slice(24, 16));
        headers.IpPayloadLength = payloadLength;
        headers.Truncated = packet.Length < 40 + payloadLength;
        var next = packet[6];
        var rest = packet[40..Math.Min(packet.Length, 40 + payloadLength)];
        var remaining = payloadLength;
        for (var i = 0; i < MaxExtensionHeaders; i++)
        {
            switch (next)
            {
                case 0 or 43 or 60: // hop-by-hop, routing, destination options
                    if (rest.Length < 2)
                    {
                        return PacketParseResult.Malformed;
                    }

                    var length = (rest[1] + 1) * 8;
                    if (length > rest.Length)
                    {
                        return PacketParseResult.Malformed;
                    }

                    next = rest[0];
                    rest = rest[length..];
                    remaining -= length;
                    continue;
                case 44: // fragment
                    if (rest.Length < 8)
                    {
                        return PacketParseResult.Malformed;
                    }

                    var offset = BinaryPrimitives.ReadUInt16BigEndian(rest[2..]) >> 3;
                    next = rest[0];
                    rest = rest[8..];
                    remaining -= 8;
                    if (offset != 0)
                    {
                        headers.IpProtocol = next;
                        headers.WithoutTransportHeader = true;
                        return Classify(ref headers);
                    }

                    continue;
            }

            break;
        }

        headers.IpProtocol = next;
        return remaining < 0 ? PacketParseResult.Malformed : ParseTransport(rest, remaining, ref headers);
    }

    private static PacketParseResult Classify(ref PacketHeaders headers)
    {
        headers.Protocol = headers.IpProtocol switch
        {
            6 => TransportProtocol.Tcp,
            17 => TransportProtocol.Udp,
            1 or 58 => TransportProtocol.Icmp,
            _ => TransportProtocol.Other,
        };
        return PacketParseResult.Parsed;
    }

    /// <param name="segment">The captured bytes of the transport header and payload.</param>
    /// <param name="length">Their length as the IP header states it.</param>
    /// <param name="headers">Filled with the transport's fields.</param>
    private static PacketParseResult ParseTransport(ReadOnlySpan<byte> segment, int length, ref PacketHeaders headers)
    {
        Classify(ref headers);
        switch (headers.Protocol)
        {
            case TransportProtocol.Tcp:
                if (segment.Length < 20)
                {
                    headers.WithoutTransportHeader = headers.Truncated;
                    return headers.Truncated ? PacketParseResult.Parsed : PacketParseResult.Malformed;
                }

                var dataOffset = (segment[12] >> 4) * 4;
                if (dataOffset < 20 || dataOffset > length)
                {
                    return PacketParseResult.Malformed;
                }

                headers.SourcePort = BinaryPrimitives.ReadUInt16BigEndian(segment);
                headers.DestinationPort = BinaryPrimitives.ReadUInt16BigEndian(segment[2..]);
                headers.Sequence = BinaryPrimitives.ReadUInt32BigEndian(segment[4..]);
                headers.Acknowledgment = BinaryPrimitives.ReadUInt32BigEndian(segment[8..]);
                headers.Flags = (TcpFlags)(segment[13] & 0x1F);
                headers.TransportPayloadLength = length - dataOffset;
                if (segment.Length > dataOffset)
                {
                    ReadTls(segment[dataOffset..], ref headers);
                }

                return PacketParseResult.Parsed;
            case TransportProtocol.Udp:
                if (segment.Length < 8)
                {
                    headers.WithoutTransportHeader = headers.Truncated;
                    return headers.Truncated ? PacketParseResult.Parsed : PacketParseResult.Malformed;
                }

                headers.SourcePort = BinaryPrimitives.ReadUInt16BigEndian(segment);
                headers.DestinationPort = BinaryPrimitives.ReadUInt16BigEndian(segment[2..]);
                headers.TransportPayloadLength = Math.Max(0, length - 8);
                if (headers.SourcePort == DnsPort || headers.DestinationPort == DnsPort)
                {
                    ReadDns(segment[8..], ref headers);
                }

                return PacketParseResult.Parsed;
            default:
                return PacketParseResult.Parsed;
        }
    }

    /// <summary>The header's QR bit and response code, and the first question's name when the capture holds it.</summary>
    private static void ReadDns(ReadOnlySpan<byte> message, ref PacketHeaders headers)
    {
        if (message.Length < 12)
        {
            return;
        }

        var isResponse = (message[2] & 0x80) != 0;
        var opcode = (message[2] >> 3) & 0x0F;
        var questions = BinaryPrimitives.ReadUInt16BigEndian(message[4..]);
        if (opcode != 0 || (!isResponse && questions == 0))
        {
            return;
        }

        headers.Dns = isResponse ? DnsMessageKind.Response : DnsMessageKind.Query;
        headers.DnsResponseCode = (byte)(message[3] & 0x0F);
        if (questions > 0 && TryReadName(message[12..], out var name))
        {
            headers.DnsName = name;
            headers.HasDnsName = true;
        }
    }

    /// <summary>Reads an uncompressed name (a question's is never compressed) into its lowercase dotted form.</summary>
    private static bool TryReadName(ReadOnlySpan<byte> data, out DnsName name)
    {
        name = default;
        Span<char> text = stackalloc char[255];
        var length = 0;
        var position = 0;
        while (true)
        {
            if (position >= data.Length)
            {
                return false;
            }

            int label = data[position++];
            if (label == 0)
            {
                break;
            }

            if (label > 63 || position + label > data.Length || length + label + 1 > text.Length)
            {
                return false;
            }

            if (length > 0)
            {
                text[length++] = '.';
            }

            foreach (var b in data.Slice(position, label))
            {
                text[length++] = b is >= (byte)'A' and <= (byte)'Z' ? (char)(b + 32) : (char)b;
            }

            position += label;
        }

        name = DnsName.Of(text[..length]);
        return true;
    }

    /// <summary>A TLS record header (content type, version 3.x, a length) at the start of the payload, and the SNI of a ClientHello.</summary>
    private static void ReadTls(ReadOnlySpan<byte> payload, ref PacketHeaders headers)
    {
        if (payload.Length < 5 || payload[1] != 3 || payload[2] > 4)
        {
            return;
        }

        headers.Tls = payload[0] switch
        {
            20 => TlsRecord.Handshake,
            21 => TlsRecord.Alert,
            22 when payload.Length > 5 && payload[5] == 1 => TlsRecord.ClientHello,
            22 when payload.Length > 5 && payload[5] == 2 => TlsRecord.ServerHello,
            22 => TlsRecord.Handshake,
            23 => TlsRecord.ApplicationData,
            _ => TlsRecord.None,
        };
        if (headers.Tls == TlsRecord.ClientHello && TryReadServerName(payload[5..], out var serverName))
        {
            headers.ServerName = serverName;
            headers.HasServerName = true;
        }
    }

    private static bool TryReadServerName(ReadOnlySpan<byte> hello, out DnsName name)
    {
        name = default;

        // Handshake header (4), client version (2), random (32), then length-prefixed session id, cipher suites and
        // compression methods, then the extensions.
        var position = 4 + 2 + 32;
        if (!Skip(hello, ref position, 1) || !Skip(hello, ref position, 2) || !Skip(hello, ref position, 1) || position + 2 > hello.Length)
        {
            return false;
        }

        var end = Math.Min(hello.Length, position + 2 + BinaryPrimitives.ReadUInt16BigEndian(hello[position..]));
        position += 2;
        while (position + 4 <= end)
        {
            var type = BinaryPrimitives.ReadUInt16BigEndian(hello[position..]);
            var length = BinaryPrimitives.ReadUInt16BigEndian(hello[(position + 2)..]);
            position += 4;
            if (position + length > end)
            {
                return false;
            }

            // server_name: list length (2), name type (1, 0 = host name), name length (2), name.
            if (type == 0 && length >= 5 && hello[position + 2] == 0)
            {
                var nameLength = BinaryPrimitives.ReadUInt16BigEndian(hello[(position + 3)..]);
                if (nameLength == 0 || nameLength > 255 || position + 5 + nameLength > end)
                {
                    return false;
                }

                Span<char> text = stackalloc char[nameLength];
                var bytes = hello.Slice(position + 5, nameLength);
                for (var i = 0; i < bytes.Length; i++)
                {
                    text[i] = bytes[i] is >= (byte)'A' and <= (byte)'Z' ? (char)(bytes[i] + 32) : (char)bytes[i];
                }

                name = DnsName.Of(text);
                return true;
            }

            position += length;
        }

        return false;
    }

    private static bool Skip(ReadOnlySpan<byte> data, ref int position, int lengthBytes)
    {
        if (position + lengthBytes > data.Length)
        {
            return false;
        }

        var length = lengthBytes == 1 ? data[position] : BinaryPrimitives.ReadUInt16BigEndian(data[position..]);
        position += lengthBytes + length;
        return position <= data.Length;
    }
}
