using System.Net;

namespace DigitalTwin.NetworkProbe.Tests.Capture;

/// <summary>
/// One IP packet of a capture as tshark decodes it (outermost headers only, so the quoted header inside an ICMP
/// error never counts as the packet's own addresses).
/// </summary>
public sealed record CapturedPacket(
    int Frame,
    decimal Time,
    IPAddress Source,
    IPAddress Destination,
    int IpPayloadBytes,
    Transport Transport,
    int? VlanId,
    TcpSegment? Tcp,
    int? SourcePort,
    int? DestinationPort,
    DnsMessage? Dns,
    int? TlsHandshakeType,
    bool TlsAlert)
{
    /// <summary>Start of the window holding this packet: windows are aligned to multiples of their length in Unix time.</summary>
    public DateTimeOffset WindowStart(int seconds) =>
        DateTimeOffset.FromUnixTimeSeconds((long)Math.Floor(Time / seconds) * seconds);

    public bool Involves(IPAddress host) => Source.Equals(host) || Destination.Equals(host);
}

/// <summary>The TCP header fields the tests reason about: stream index, raw sequence number, flags, payload length.</summary>
public sealed record TcpSegment(int Stream, long Sequence, int Flags, int PayloadLength)
{
    public bool Syn => (Flags & 0x02) != 0;

    public bool Ack => (Flags & 0x10) != 0;

    public bool Rst => (Flags & 0x04) != 0;

    public bool Fin => (Flags & 0x01) != 0;

    public bool SynAck => Syn && Ack;
}

/// <summary>A DNS message: whether it is a response, its rcode, the first question's name.</summary>
public sealed record DnsMessage(bool Response, int Rcode, string Name);
