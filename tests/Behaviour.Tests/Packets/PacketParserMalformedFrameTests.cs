using DigitalTwin.Behaviour.Packets;
using static DigitalTwin.Behaviour.Tests.Packets.Frames;

namespace DigitalTwin.Behaviour.Tests.Packets;

public sealed class PacketParserMalformedFrameTests
{
    private const int Raw = (int)CaptureLinkType.Raw;

    private static readonly int[] LinkTypes = [0, 1, 12, 14, 101, 108, 113, 228, 229, 276];

    public static TheoryData<string, int, byte[]> ValidFrames() => new()
    {
        { "TCP ClientHello over QinQ", 1, Ethernet(IPv4("10.0.0.5", "192.0.2.9", 6, Tcp(50000, 443, 1, 1, TcpFlags.Ack, TlsClientHello("api.example.com"))), 0x88A8, 0x8100) },
        { "DNS query over IPv6 with extension headers", 1, Ethernet(IPv6("fd00::5", "fd00::1", 17, Udp(40000, 53, DnsQuery(1, "time.example.org")), HopByHop(), Fragment(0, more: false))) },
        { "DNS response in Linux cooked v2", 276, LinuxSll2(IPv4("10.0.0.1", "10.0.0.5", 17, Udp(53, 40000, DnsResponse(1, "x.example.org", 3)))) },
        { "ICMP in Linux cooked", 113, LinuxSll(IPv4("10.0.0.5", "10.0.0.1", 1, IcmpEcho())) },
    };

    [Theory]
    [MemberData(nameof(ValidFrames))]
    public void EveryPrefixOfAValidFrameIsParsedOrRefusedWithoutThrowing(string name, int linkType, byte[] frame)
    {
        Assert.Equal(PacketParseResult.Parsed, PacketParser.TryParse(linkType, frame, 0, out _));
        for (var length = 0; length < frame.Length; length++)
        {
            var result = PacketParser.TryParse(linkType, frame.AsSpan(0, length), 0, out var headers);
            Assert.True(result is PacketParseResult.Parsed or PacketParseResult.Malformed, $"{name}, {length} bytes: {result}");
            if (result == PacketParseResult.Parsed)
            {
                Assert.True(headers.Truncated, $"{name}, {length} bytes: parsed but not marked truncated");
            }
        }
    }

    [Fact]
    public void RandomBytesAreNeverThrownOn()
    {
        var random = new Random(20261206);
        var counts = new Dictionary<PacketParseResult, int>();
        for (var i = 0; i < 10_000; i++)
        {
            var frame = new byte[random.Next(0, 200)];
            random.NextBytes(frame);

            // Half the frames get a plausible start, so the deeper layers see garbage too, not only the first check.
            if (frame.Length > 40 && i % 2 == 0)
            {
                frame[0] = (byte)(random.Next(2) == 0 ? 0x45 : 0x60);
                frame[9] = (byte)(random.Next(2) == 0 ? 6 : 17);
            }

            var linkType = i % 2 == 0 ? Raw : LinkTypes[random.Next(LinkTypes.Length)];
            var result = PacketParser.TryParse(linkType, frame, i, out _);
            counts[result] = counts.GetValueOrDefault(result) + 1;
        }

        Assert.True(counts.GetValueOrDefault(PacketParseResult.Malformed) > 0);
        Assert.True(counts.GetValueOrDefault(PacketParseResult.Parsed) > 0);
    }

    [Fact]
    public void AnIPv4HeaderLengthBelowTwentyBytesIsMalformed()
    {
        var packet = IPv4("10.0.0.5", "10.0.0.6", 17, Udp(1, 2, new byte[10]));
        packet[0] = 0x44;

        Assert.Equal(PacketParseResult.Malformed, PacketParser.TryParse(Raw, packet, 0, out _));
    }

    [Fact]
    public void AnIPv4TotalLengthBelowItsHeaderLengthIsMalformed()
    {
        var packet = IPv4("10.0.0.5", "10.0.0.6", 17, Udp(1, 2, new byte[10]));
        packet[2] = 0;
        packet[3] = 19;

        Assert.Equal(PacketParseResult.Malformed, PacketParser.TryParse(Raw, packet, 0, out _));
    }

    [Fact]
    public void ATcpDataOffsetBeyondTheSegmentIsMalformed()
    {
        var packet = IPv4("10.0.0.5", "10.0.0.6", 6, Tcp(1, 2, 0, 0, TcpFlags.Ack, new byte[8]));
        packet[20 + 12] = 0xF0; // 60 bytes of header in a 28-byte segment

        Assert.Equal(PacketParseResult.Malformed, PacketParser.TryParse(Raw, packet, 0, out _));
    }

    [Fact]
    public void ATcpDataOffsetBelowTwentyBytesIsMalformed()
    {
        var packet = IPv4("10.0.0.5", "10.0.0.6", 6, Tcp(1, 2, 0, 0, TcpFlags.Ack, new byte[8]));
        packet[20 + 12] = 0x40;

        Assert.Equal(PacketParseResult.Malformed, PacketParser.TryParse(Raw, packet, 0, out _));
    }

    [Fact]
    public void AnIPv6ExtensionHeaderLongerThanThePacketIsMalformed()
    {
        var (type, bytes) = HopByHop();
        bytes[1] = 200;
        var packet = IPv6("fd00::5", "fd00::6", 17, Udp(1, 2, new byte[10]), (type, bytes));

        Assert.Equal(PacketParseResult.Malformed, PacketParser.TryParse(Raw, packet, 0, out _));
    }

    [Fact]
    public void AnIpVersionOtherThanFourOrSixIsMalformed()
    {
        var packet = IPv4("10.0.0.5", "10.0.0.6", 17, Udp(1, 2, new byte[10]));
        packet[0] = 0x55;

        Assert.Equal(PacketParseResult.Malformed, PacketParser.TryParse(Raw, packet, 0, out _));
        Assert.Equal(PacketParseResult.Malformed, PacketParser.TryParse(Raw, [], 0, out _));
    }
}
