using DigitalTwin.Behaviour.Packets;
using DigitalTwin.Behaviour.Traffic;
using static DigitalTwin.Behaviour.Tests.Packets.Frames;

namespace DigitalTwin.Behaviour.Tests.Packets;

public sealed class PacketParserIpTests
{
    private const int Raw = (int)CaptureLinkType.Raw;

    [Fact]
    public void IPv6WithAHopByHopHeaderReachesTheTransport()
    {
        var packet = IPv6("fd00::5", "fd00::6", 17, Udp(5353, 9999, new byte[30]), HopByHop());

        Assert.Equal(PacketParseResult.Parsed, PacketParser.TryParse(Raw, packet, 0, out var headers));
        Assert.Equal(TransportProtocol.Udp, headers.Protocol);
        Assert.Equal(17, headers.IpProtocol);
        Assert.Equal(9999, headers.DestinationPort);
        Assert.Equal(8 + 8 + 30, headers.IpPayloadLength);
        Assert.Equal(30, headers.TransportPayloadLength);
    }

    [Fact]
    public void IPv6FirstFragmentCarriesTheTransportHeader()
    {
        var packet = IPv6("fd00::5", "fd00::6", 6, Tcp(40000, 8883, 7, 0, TcpFlags.Ack, new byte[100]), HopByHop(), Fragment(0, more: true));

        Assert.Equal(PacketParseResult.Parsed, PacketParser.TryParse(Raw, packet, 0, out var headers));
        Assert.Equal(TransportProtocol.Tcp, headers.Protocol);
        Assert.Equal(8883, headers.DestinationPort);
        Assert.Equal(100, headers.TransportPayloadLength);
    }

    [Fact]
    public void IPv6WithoutTransportHeadersCountAsPacketsOfTheirProtocolWithoutPorts()
    {
        var packet = IPv6("fd00::5", "fd00::6", 17, new byte[64], Fragment(185, more: false));

        Assert.Equal(PacketParseResult.Parsed, PacketParser.TryParse(Raw, packet, 0, out var headers));
        Assert.Equal(TransportProtocol.Udp, headers.Protocol);
        Assert.Equal(0, headers.SourcePort);
        Assert.Equal(0, headers.DestinationPort);
        Assert.Equal(72, headers.IpPayloadLength);
        Assert.True(headers.WithoutTransportHeader);
    }

    [Fact]
    public void IPv4WithoutTransportHeadersCountAsPacketsOfTheirProtocolWithoutPorts()
    {
        var packet = IPv4("10.0.0.5", "10.0.0.6", 17, new byte[64], fragmentOffset: 185);

        Assert.Equal(PacketParseResult.Parsed, PacketParser.TryParse(Raw, packet, 0, out var headers));
        Assert.Equal(TransportProtocol.Udp, headers.Protocol);
        Assert.Equal(0, headers.DestinationPort);
        Assert.Equal(64, headers.IpPayloadLength);
        Assert.True(headers.WithoutTransportHeader);
    }

    [Fact]
    public void FirstFragmentsAndWholePacketsAreNoWithoutTransportHeaders()
    {
        PacketParser.TryParse(Raw, IPv4("10.0.0.5", "10.0.0.6", 17, Udp(1, 2, new byte[64]), fragmentOffset: 0, moreFragments: true), 0, out var first);
        PacketParser.TryParse(Raw, IPv6("fd00::5", "fd00::6", 17, Udp(1, 2, new byte[64]), Fragment(0, more: true)), 0, out var first6);
        PacketParser.TryParse(Raw, IPv4("10.0.0.5", "10.0.0.6", 17, Udp(1, 2, new byte[64])), 0, out var whole);

        Assert.False(first.WithoutTransportHeader);
        Assert.False(first6.WithoutTransportHeader);
        Assert.False(whole.WithoutTransportHeader);
        Assert.Equal(2, first.DestinationPort);
    }

    [Fact]
    public void IcmpAndOtherProtocolsAreClassified()
    {
        PacketParser.TryParse(Raw, IPv4("10.0.0.5", "10.0.0.6", 1, IcmpEcho()), 0, out var icmp);
        PacketParser.TryParse(Raw, IPv6("fd00::5", "fd00::6", 58, IcmpEcho()), 0, out var icmp6);
        PacketParser.TryParse(Raw, IPv4("10.0.0.5", "10.0.0.6", 47, new byte[24]), 0, out var gre);

        Assert.Equal(TransportProtocol.Icmp, icmp.Protocol);
        Assert.Equal(64, icmp.IpPayloadLength);
        Assert.Equal(TransportProtocol.Icmp, icmp6.Protocol);
        Assert.Equal(TransportProtocol.Other, gre.Protocol);
        Assert.Equal(47, gre.IpProtocol);
    }

    [Fact]
    public void SizesComeFromTheIpHeaderWhenTheFrameIsCutShort()
    {
        var frame = Ethernet(IPv4("10.0.0.5", "192.0.2.9", 6, Tcp(50000, 443, 1, 1, TcpFlags.Ack | TcpFlags.Psh, new byte[1400])));
        var snapped = frame[..(14 + 20 + 20 + 10)];

        Assert.Equal(PacketParseResult.Parsed, PacketParser.TryParse(1, snapped, 0, out var headers));
        Assert.True(headers.Truncated);
        Assert.Equal(1420, headers.IpPayloadLength);
        Assert.Equal(1400, headers.TransportPayloadLength);
        Assert.Equal(443, headers.DestinationPort);
    }

    [Fact]
    public void IPv6SizesComeFromTheIpHeaderWhenTheFrameIsCutShort()
    {
        var packet = IPv6("fd00::5", "fd00::6", 17, Udp(5000, 6000, new byte[900]));

        Assert.Equal(PacketParseResult.Parsed, PacketParser.TryParse(Raw, packet[..60], 0, out var headers));
        Assert.True(headers.Truncated);
        Assert.Equal(908, headers.IpPayloadLength);
        Assert.Equal(900, headers.TransportPayloadLength);
    }

    [Fact]
    public void ACutInsideTheTransportHeaderStillCountsThePacket()
    {
        var packet = IPv4("10.0.0.5", "192.0.2.9", 6, Tcp(50000, 443, 1, 1, TcpFlags.Ack, new byte[500]));

        Assert.Equal(PacketParseResult.Parsed, PacketParser.TryParse(Raw, packet[..30], 0, out var headers));
        Assert.True(headers.Truncated);
        Assert.Equal(TransportProtocol.Tcp, headers.Protocol);
        Assert.Equal(520, headers.IpPayloadLength);
    }

    [Fact]
    public void EthernetPaddingIsNeitherPayloadNorTruncation()
    {
        var frame = Ethernet(IPv4("10.0.0.5", "192.0.2.9", 6, Tcp(50000, 443, 1, 1, TcpFlags.Ack)));
        var padded = frame.Concat(new byte[60 - frame.Length]).ToArray();

        Assert.Equal(PacketParseResult.Parsed, PacketParser.TryParse(1, padded, 0, out var headers));
        Assert.False(headers.Truncated);
        Assert.Equal(20, headers.IpPayloadLength);
        Assert.Equal(0, headers.TransportPayloadLength);
        Assert.Equal(TlsRecord.None, headers.Tls);
    }

    [Fact]
    public void TcpFieldsAreRead()
    {
        var packet = IPv4("10.0.0.5", "192.0.2.9", 6, Tcp(50000, 443, 0xFFFF_FF00, 0x1234_5678, TcpFlags.Fin | TcpFlags.Ack, new byte[7]));

        PacketParser.TryParse(Raw, packet, 0, out var headers);

        Assert.Equal(0xFFFF_FF00u, headers.Sequence);
        Assert.Equal(0x1234_5678u, headers.Acknowledgment);
        Assert.Equal(TcpFlags.Fin | TcpFlags.Ack, headers.Flags);
        Assert.Equal(7, headers.TransportPayloadLength);
    }

    [Fact]
    public void TcpOptionsAreNotPayload()
    {
        var packet = IPv4("10.0.0.5", "192.0.2.9", 6, Tcp(50000, 443, 1, 0, TcpFlags.Syn, dataOffsetWords: 10));

        Assert.Equal(PacketParseResult.Parsed, PacketParser.TryParse(Raw, packet, 0, out var headers));
        Assert.Equal(40, headers.IpPayloadLength);
        Assert.Equal(0, headers.TransportPayloadLength);
    }
}
