using DigitalTwin.Behaviour.Features;
using DigitalTwin.Behaviour.Traffic;

namespace DigitalTwin.Behaviour.Tests.Traffic;

public sealed class NetworkWindowBuilderTests
{
    private static readonly DateTimeOffset Origin = new(2026, 11, 28, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void CountsPacketsBytesAndProtocolShares()
    {
        var builder = new NetworkWindowBuilder();
        builder.Begin(Origin, 10);
        Session(builder, offset: 1, TransportProtocol.Tcp, packetsOut: 30, packetsIn: 10, bytesOut: 100, bytesIn: 100);
        Session(builder, offset: 2, TransportProtocol.Udp, packetsOut: 10, packetsIn: 0, bytesOut: 50, bytesIn: 0);

        var window = builder.Build();

        Assert.Equal(10, window[NetworkFeature.PacketsIn]);
        Assert.Equal(40, window[NetworkFeature.PacketsOut]);
        Assert.Equal(3500, window[NetworkFeature.BytesOut]);
        Assert.Equal(5, window[NetworkFeature.PacketRateMean]);
        Assert.Equal(0.8, window[NetworkFeature.TcpRatio], 6);
        Assert.Equal(0.2, window[NetworkFeature.UdpRatio], 6);
        Assert.Equal(2, window[NetworkFeature.SessionsOpened]);
        Assert.Equal(2, window[NetworkFeature.DistinctDestinationPorts]);
    }

    [Fact]
    public void PeakRateIsTheBusiestSecond()
    {
        var builder = new NetworkWindowBuilder();
        builder.Begin(Origin, 10);
        Session(builder, offset: 0, TransportProtocol.Tcp, packetsOut: 10, packetsIn: 0, bytesOut: 100, bytesIn: 0, interval: 1);
        Session(builder, offset: 4.5, TransportProtocol.Tcp, packetsOut: 50, packetsIn: 0, bytesOut: 100, bytesIn: 0);

        var window = builder.Build();

        Assert.Equal(6, window[NetworkFeature.PacketRateMean], 6);
        Assert.Equal(51, window[NetworkFeature.PacketRatePeak], 6);
    }

    [Fact]
    public void PeriodicStartsAcrossWindowsGiveALowInterArrivalCvAtTheirPeriod()
    {
        var builder = new NetworkWindowBuilder();
        NetworkWindow? last = null;
        for (var w = 0; w < 30; w++)
        {
            builder.Begin(Origin.AddSeconds(w * 10), 10);
            if (w % 3 == 0)
            {
                Session(builder, offset: 5, TransportProtocol.Tcp, packetsOut: 8, packetsIn: 6, bytesOut: 75, bytesIn: 66);
            }

            last = builder.Build();
        }

        Assert.Equal(30, last![NetworkFeature.InterArrivalMean], 6);
        Assert.Equal(0, last[NetworkFeature.InterArrivalCv], 6);
    }

    [Fact]
    public void FixedSizePacketsHaveLowerSizeEntropyThanVariedOnes()
    {
        var builder = new NetworkWindowBuilder();
        builder.Begin(Origin, 10);
        Session(builder, offset: 1, TransportProtocol.Tcp, packetsOut: 100, packetsIn: 0, bytesOut: 120, bytesIn: 0);
        var fixedSizes = builder.Build();

        builder.Begin(Origin.AddSeconds(10), 10);
        foreach (var size in (int[])[300, 700, 1_100])
        {
            builder.AddPackets(1, 0.01, 50, TransportProtocol.Tcp, sent: true, size, Remote, 443, deviceInitiated: true);
        }

        var varied = builder.Build();

        Assert.Equal(0, fixedSizes[NetworkFeature.PayloadSizeEntropy], 6);
        Assert.Equal(Math.Log2(3), varied[NetworkFeature.PayloadSizeEntropy], 6);
        Assert.Equal(Math.Sqrt(2 * 400.0 * 400 / 3), varied[NetworkFeature.PayloadSizeStd], 6);
    }

    [Fact]
    public void DnsFeaturesDescribeTheQueriedNames()
    {
        var builder = new NetworkWindowBuilder();
        builder.Begin(Origin, 10);
        builder.AddDnsQuery(DnsName.Of("time.example.org"));
        builder.AddDnsQuery(DnsName.Of("TIME.example.org"));
        builder.AddDnsQuery(DnsName.Of("q3x9z1k7w2v8.example.org"));
        builder.AddDnsNxDomain();

        var window = builder.Build();

        Assert.Equal(0.3, window[NetworkFeature.DnsQueryRate], 6);
        Assert.Equal(2, window[NetworkFeature.DnsUniqueNames]);
        Assert.Equal(1 / 3.0, window[NetworkFeature.DnsNxdomainRatio], 6);
        Assert.True(DnsName.Of("q3x9z1k7w2v8.example.org").Entropy > DnsName.Of("time.example.org").Entropy);
    }

    [Fact]
    public void AQueryWithoutAReadableNameCountsAsAQueryButNotAsAName()
    {
        var builder = new NetworkWindowBuilder();
        builder.Begin(Origin, 10);
        builder.AddDnsQuery(default);

        var window = builder.Build();

        Assert.Equal(0.1, window[NetworkFeature.DnsQueryRate], 6);
        Assert.Equal(0, window[NetworkFeature.DnsUniqueNames]);
        Assert.Equal(0, window[NetworkFeature.NewDnsNames]);
    }

    [Fact]
    public void AnUnreadableQueryLeavesTheNameMeansToTheNamesRead()
    {
        var builder = new NetworkWindowBuilder();
        builder.Begin(Origin, 10);
        builder.AddDnsQuery(DnsName.Of("time.example.org"));
        builder.AddDnsQuery(default);

        var window = builder.Build();

        Assert.Equal(DnsName.Of("time.example.org").Length, window[NetworkFeature.DnsNameLengthMean], 6);
        Assert.Equal(DnsName.Of("time.example.org").Entropy, window[NetworkFeature.DnsNameEntropyMean], 6);
    }

    [Fact]
    public void AddingBeforeBeginIsRefused()
    {
        var builder = new NetworkWindowBuilder();
        Assert.Throws<InvalidOperationException>(() => builder.Build());
        Assert.Throws<ArgumentOutOfRangeException>(() => builder.Begin(Origin, 0));
    }

    private static readonly UInt128 Remote = 0x0A000001u;

    /// <summary>An outbound session opened at <paramref name="offset"/>: its packets (of the given sizes) as two trains.</summary>
    private static void Session(NetworkWindowBuilder builder, double offset, TransportProtocol protocol, int packetsOut, int packetsIn, int bytesOut, int bytesIn, double interval = 0)
    {
        var remote = Remote + (uint)protocol;
        var port = (ushort)(protocol == TransportProtocol.Tcp ? 443 : 53);
        builder.AddSessionOpened(offset, outbound: true, new RemoteEndpoint(remote, port, protocol));
        builder.AddPackets(offset, interval, packetsOut, protocol, sent: true, bytesOut, remote, port, deviceInitiated: true);
        builder.AddPackets(offset, interval, packetsIn, protocol, sent: false, bytesIn, remote, port, deviceInitiated: true);
    }
}
