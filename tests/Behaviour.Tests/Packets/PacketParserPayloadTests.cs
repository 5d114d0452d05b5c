using DigitalTwin.Behaviour.Packets;
using DigitalTwin.Behaviour.Traffic;
using static DigitalTwin.Behaviour.Tests.Packets.Frames;

namespace DigitalTwin.Behaviour.Tests.Packets;

public sealed class PacketParserPayloadTests
{
    private const int Raw = (int)CaptureLinkType.Raw;

    [Fact]
    public void ADnsQueryGivesItsNameLowerCased()
    {
        var packet = IPv4("10.0.0.5", "10.0.0.1", 17, Udp(40000, 53, DnsQuery(7, "WWW.Example.COM")));

        PacketParser.TryParse(Raw, packet, 0, out var headers);

        Assert.Equal(DnsMessageKind.Query, headers.Dns);
        Assert.True(headers.HasDnsName);
        Assert.Equal(DnsName.Of("www.example.com"), headers.DnsName);
    }

    [Fact]
    public void ADnsResponseGivesItsResponseCode()
    {
        var nxDomain = IPv6("fd00::1", "fd00::5", 17, Udp(53, 40000, DnsResponse(7, "q1w2e3.example.org", responseCode: 3)));
        var answered = IPv4("10.0.0.1", "10.0.0.5", 17, Udp(53, 40000, DnsResponse(8, "example.org", responseCode: 0)));

        PacketParser.TryParse(Raw, nxDomain, 0, out var nx);
        PacketParser.TryParse(Raw, answered, 0, out var ok);

        Assert.Equal(DnsMessageKind.Response, nx.Dns);
        Assert.Equal(3, nx.DnsResponseCode);
        Assert.Equal(DnsName.Of("q1w2e3.example.org"), nx.DnsName);
        Assert.Equal(DnsMessageKind.Response, ok.Dns);
        Assert.Equal(0, ok.DnsResponseCode);
    }

    [Fact]
    public void UdpOffPort53IsNotReadAsDns()
    {
        var packet = IPv4("10.0.0.5", "10.0.0.1", 17, Udp(40000, 5353, DnsQuery(7, "printer.local")));

        PacketParser.TryParse(Raw, packet, 0, out var headers);

        Assert.Equal(DnsMessageKind.None, headers.Dns);
        Assert.False(headers.HasDnsName);
    }

    [Fact]
    public void ADnsNameCutByTheSnapLengthLeavesTheMessageKindButNoName()
    {
        var packet = IPv4("10.0.0.5", "10.0.0.1", 17, Udp(40000, 53, DnsQuery(7, "a-rather-long-name.example.com")));

        PacketParser.TryParse(Raw, packet[..(20 + 8 + 12 + 5)], 0, out var headers);

        Assert.True(headers.Truncated);
        Assert.Equal(DnsMessageKind.Query, headers.Dns);
        Assert.False(headers.HasDnsName);
    }

    [Fact]
    public void AClientHelloGivesItsServerNameLowerCased()
    {
        var packet = IPv4("10.0.0.5", "192.0.2.9", 6, Tcp(50000, 443, 1, 1, TcpFlags.Ack | TcpFlags.Psh, TlsClientHello("API.Example.com")));

        PacketParser.TryParse(Raw, packet, 0, out var headers);

        Assert.Equal(TlsRecord.ClientHello, headers.Tls);
        Assert.True(headers.HasServerName);
        Assert.Equal(DnsName.Of("api.example.com"), headers.ServerName);
    }

    [Fact]
    public void AClientHelloWithoutServerNameIsStillAClientHello()
    {
        var packet = IPv4("10.0.0.5", "192.0.2.9", 6, Tcp(50000, 443, 1, 1, TcpFlags.Ack, TlsClientHello(null)));

        PacketParser.TryParse(Raw, packet, 0, out var headers);

        Assert.Equal(TlsRecord.ClientHello, headers.Tls);
        Assert.False(headers.HasServerName);
    }

    [Fact]
    public void TlsRecordTypesAreRecognised()
    {
        Assert.Equal(TlsRecord.ServerHello, TlsOf(TlsServerHello()));
        Assert.Equal(TlsRecord.Alert, TlsOf(TlsAlert()));
        Assert.Equal(TlsRecord.ApplicationData, TlsOf(TlsApplicationData(200)));
        Assert.Equal(TlsRecord.Handshake, TlsOf([20, 3, 3, 0, 1, 1]));
        Assert.Equal(TlsRecord.None, TlsOf("GET / HTTP/1.1\r\n"u8.ToArray()));
    }

    private static TlsRecord TlsOf(byte[] payload)
    {
        var packet = IPv4("192.0.2.9", "10.0.0.5", 6, Tcp(443, 50000, 1, 1, TcpFlags.Ack, payload));
        PacketParser.TryParse(Raw, packet, 0, out var headers);
        return headers.Tls;
    }
}
