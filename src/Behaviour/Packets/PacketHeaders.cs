using DigitalTwin.Behaviour.Traffic;

namespace DigitalTwin.Behaviour.Packets;

/// <summary>
/// What the probe reads from one packet: addresses, ports, TCP control fields, sizes from the IP and transport
/// headers (not from the captured length, so a capture cut at a small snap length still counts true sizes), and the
/// metadata of a DNS message or TLS record the payload starts with. Never payload contents.
/// </summary>
public struct PacketHeaders
{
    /// <summary>Capture time in microseconds since the Unix epoch.</summary>
    public long TimeMicros;
    /// <summary>The sender's Ethernet address as a number, 0 when the link layer has none.</summary>
    public ulong SourceMac;
    public HostAddress Source;
    public HostAddress Destination;
    public TransportProtocol Protocol;

    /// <summary>The IP protocol number (next header) of the transport.</summary>
    public byte IpProtocol;
    public ushort SourcePort;
    public ushort DestinationPort;
    public TcpFlags Flags;
    public uint Sequence;
    public uint Acknowledgment;

    /// <summary>Bytes after the IP header, as the IP header states.</summary>
    public int IpPayloadLength;

    /// <summary>Bytes of application data after the TCP or UDP header, as the headers state.</summary>
    public int TransportPayloadLength;

    /// <summary>The capture holds fewer bytes than the headers describe (snap length or a cut frame).</summary>
    public bool Truncated;

    /// <summary>
    /// No transport header to read: a fragment after the first, or a capture cut before the ports. The packet counts,
    /// with its sizes from the IP header, but belongs to no flow.
    /// </summary>
    public bool WithoutTransportHeader;

    public DnsMessageKind Dns;

    /// <summary>The DNS response code (3 = NXDOMAIN) of a response.</summary>
    public byte DnsResponseCode;

    /// <summary>The first question's name, when <see cref="HasDnsName"/>.</summary>
    public DnsName DnsName;
    public bool HasDnsName;

    public TlsRecord Tls;

    /// <summary>The server name a ClientHello asks for, when <see cref="HasServerName"/>.</summary>
    public DnsName ServerName;
    public bool HasServerName;

    /// <summary>
    /// Packet <paramref name="index"/> (0 = this one) of a train of like packets <paramref name="intervalMicros"/>
    /// apart: later by that many intervals and, for TCP, its sequence number past the data of the ones before. The one
    /// rule for expanding a train, wherever one is split or written out packet by packet.
    /// </summary>
    public readonly PacketHeaders InTrain(int index, long intervalMicros)
    {
        var packet = this;
        packet.TimeMicros += index * intervalMicros;
        if (Protocol == TransportProtocol.Tcp)
        {
            packet.Sequence += (uint)(index * TransportPayloadLength);
        }

        return packet;
    }
}
