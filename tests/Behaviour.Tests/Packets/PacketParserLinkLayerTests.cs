using DigitalTwin.Behaviour.Packets;
using DigitalTwin.Behaviour.Traffic;
using static DigitalTwin.Behaviour.Tests.Packets.Frames;

namespace DigitalTwin.Behaviour.Tests.Packets;

public sealed class PacketParserLinkLayerTests
{
    private const long Time = 1_800_000_000_000_000;

    private static readonly byte[] TcpPacket = IPv4("10.0.0.5", "192.0.2.9", 6, Tcp(50000, 443, 1000, 0, TcpFlags.Syn));
    private static readonly byte[] TcpPacketV6 = IPv6("fd00::5", "2001:db8::9", 6, Tcp(50000, 443, 1000, 0, TcpFlags.Syn));

    public static TheoryData<string, int, byte[]> FramesOfEveryLinkType() => new()
    {
        { "Ethernet", (int)CaptureLinkType.Ethernet, Ethernet(TcpPacket) },
        { "raw IP (101)", (int)CaptureLinkType.Raw, TcpPacket },
        { "raw IPv4 (228)", (int)CaptureLinkType.RawIPv4, TcpPacket },
        { "raw IP (12)", 12, TcpPacket },
        { "raw IP (14)", 14, TcpPacket },
        { "BSD loopback", (int)CaptureLinkType.Null, Loopback(TcpPacket, networkOrder: false) },
        { "OpenBSD loopback", (int)CaptureLinkType.Loop, Loopback(TcpPacket, networkOrder: true) },
        { "Linux cooked", (int)CaptureLinkType.LinuxSll, LinuxSll(TcpPacket) },
        { "Linux cooked v2", (int)CaptureLinkType.LinuxSll2, LinuxSll2(TcpPacket) },
    };

    [Theory]
    [MemberData(nameof(FramesOfEveryLinkType))]
    public void EveryLinkTypeTheProbeReadsYieldsTheSameIpv4Headers(string name, int linkType, byte[] frame)
    {
        Assert.True(PacketParser.Reads(linkType), name);

        var result = PacketParser.TryParse(linkType, frame, Time, out var headers);

        Assert.Equal(PacketParseResult.Parsed, result);
        Assert.Equal(Time, headers.TimeMicros);
        Assert.Equal(Host("10.0.0.5"), headers.Source);
        Assert.Equal(Host("192.0.2.9"), headers.Destination);
        Assert.True(headers.Source.IsIPv4);
        Assert.Equal(TransportProtocol.Tcp, headers.Protocol);
        Assert.Equal(50000, headers.SourcePort);
        Assert.Equal(443, headers.DestinationPort);
        Assert.Equal(TcpFlags.Syn, headers.Flags);
        Assert.Equal(1000u, headers.Sequence);
        Assert.Equal(20, headers.IpPayloadLength);
        Assert.False(headers.Truncated);
    }

    [Theory]
    [InlineData((int)CaptureLinkType.Ethernet)]
    [InlineData((int)CaptureLinkType.RawIPv6)]
    [InlineData((int)CaptureLinkType.Null)]
    [InlineData((int)CaptureLinkType.LinuxSll)]
    [InlineData((int)CaptureLinkType.LinuxSll2)]
    public void IPv6PacketsAreReadOnEveryLinkType(int linkType)
    {
        var frame = (CaptureLinkType)linkType switch
        {
            CaptureLinkType.Ethernet => Ethernet(TcpPacketV6),
            CaptureLinkType.Null => Loopback(TcpPacketV6, networkOrder: false),
            CaptureLinkType.LinuxSll => LinuxSll(TcpPacketV6),
            CaptureLinkType.LinuxSll2 => LinuxSll2(TcpPacketV6),
            _ => TcpPacketV6,
        };

        Assert.Equal(PacketParseResult.Parsed, PacketParser.TryParse(linkType, frame, Time, out var headers));
        Assert.Equal(Host("fd00::5"), headers.Source);
        Assert.Equal(Host("2001:db8::9"), headers.Destination);
        Assert.False(headers.Source.IsIPv4);
        Assert.Equal(443, headers.DestinationPort);
    }

    [Fact]
    public void EthernetGivesTheSendersMacAddress()
    {
        PacketParser.TryParse((int)CaptureLinkType.Ethernet, Ethernet(TcpPacket), Time, out var headers);

        Assert.Equal(SourceMac, headers.SourceMac);
    }

    [Fact]
    public void ASingleVlanTagIsSkipped()
    {
        var frame = Ethernet(TcpPacket, 0x8100);

        Assert.Equal(PacketParseResult.Parsed, PacketParser.TryParse(1, frame, Time, out var headers));
        Assert.Equal(443, headers.DestinationPort);
        Assert.Equal(SourceMac, headers.SourceMac);
    }

    [Theory]
    [InlineData((ushort)0x88A8)]
    [InlineData((ushort)0x9100)]
    public void DoubleVlanTagsAreSkipped(ushort outerTag)
    {
        var frame = Ethernet(TcpPacketV6, outerTag, 0x8100);

        Assert.Equal(PacketParseResult.Parsed, PacketParser.TryParse(1, frame, Time, out var headers));
        Assert.Equal(Host("fd00::5"), headers.Source);
        Assert.Equal(443, headers.DestinationPort);
    }

    [Fact]
    public void MoreThanFourVlanTagsAreMalformed()
    {
        var frame = Ethernet(TcpPacket, 0x8100, 0x8100, 0x8100, 0x8100, 0x8100);

        Assert.Equal(PacketParseResult.Malformed, PacketParser.TryParse(1, frame, Time, out _));
    }

    [Fact]
    public void FramesWithoutIpAreNotIp()
    {
        var arp = EthernetOf(new byte[28], EtherTypeArp);
        var vlanArp = EthernetOf(new byte[28], EtherTypeArp, 0x8100);

        Assert.Equal(PacketParseResult.NotIp, PacketParser.TryParse(1, arp, Time, out _));
        Assert.Equal(PacketParseResult.NotIp, PacketParser.TryParse(1, vlanArp, Time, out _));
    }

    [Fact]
    public void LinkTypesTheProbeDoesNotReadAreNotIp()
    {
        const int ieee80211 = 105;

        Assert.False(PacketParser.Reads(ieee80211));
        Assert.Equal(PacketParseResult.NotIp, PacketParser.TryParse(ieee80211, Ethernet(TcpPacket), Time, out _));
    }
}
