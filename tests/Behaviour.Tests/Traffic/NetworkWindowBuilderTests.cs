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
        builder.Add(Session(offset: 1, TransportProtocol.Tcp, packetsOut: 30, packetsIn: 10, bytesOut: 3000, bytesIn: 1000));
        builder.Add(Session(offset: 2, TransportProtocol.Udp, packetsOut: 10, packetsIn: 0, bytesOut: 500, bytesIn: 0));

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
        builder.Add(Session(offset: 0, TransportProtocol.Tcp, packetsOut: 10, packetsIn: 0, bytesOut: 1000, bytesIn: 0, active: 10));
        builder.Add(Session(offset: 4.5, TransportProtocol.Tcp, packetsOut: 50, packetsIn: 0, bytesOut: 5000, bytesIn: 0));

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
                builder.Add(Session(offset: 5, TransportProtocol.Tcp, packetsOut: 8, packetsIn: 6, bytesOut: 600, bytesIn: 400));
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
        builder.Add(Session(offset: 1, TransportProtocol.Tcp, packetsOut: 100, packetsIn: 0, bytesOut: 12_000, bytesIn: 0));
        var fixedSizes = builder.Build();

        builder.Begin(Origin.AddSeconds(10), 10);
        builder.Add(Session(offset: 1, TransportProtocol.Tcp, packetsOut: 100, packetsIn: 0, bytesOut: 70_000, bytesIn: 0) with { PayloadSizeStd = 400 });
        var varied = builder.Build();

        Assert.Equal(0, fixedSizes[NetworkFeature.PayloadSizeEntropy], 6);
        Assert.True(varied[NetworkFeature.PayloadSizeEntropy] > 2, $"entropy {varied[NetworkFeature.PayloadSizeEntropy]}");
        Assert.Equal(400, varied[NetworkFeature.PayloadSizeStd], 6);
    }

    [Fact]
    public void DnsFeaturesDescribeTheQueriedNames()
    {
        var builder = new NetworkWindowBuilder();
        builder.Begin(Origin, 10);
        builder.Add(new DnsQuery(DnsName.Of("time.example.org"), NxDomain: false));
        builder.Add(new DnsQuery(DnsName.Of("TIME.example.org"), NxDomain: false));
        builder.Add(new DnsQuery(DnsName.Of("q3x9z1k7w2v8.example.org"), NxDomain: true));

        var window = builder.Build();

        Assert.Equal(0.3, window[NetworkFeature.DnsQueryRate], 6);
        Assert.Equal(2, window[NetworkFeature.DnsUniqueNames]);
        Assert.Equal(1 / 3.0, window[NetworkFeature.DnsNxdomainRatio], 6);
        Assert.True(DnsName.Of("q3x9z1k7w2v8.example.org").Entropy > DnsName.Of("time.example.org").Entropy);
    }

    [Fact]
    public void AddingBeforeBeginIsRefused()
    {
        var builder = new NetworkWindowBuilder();
        Assert.Throws<InvalidOperationException>(() => builder.Build());
        Assert.Throws<ArgumentOutOfRangeException>(() => builder.Begin(Origin, 0));
    }

    private static FlowActivity Session(double offset, TransportProtocol protocol, int packetsOut, int packetsIn, long bytesOut, long bytesIn, double active = 0) =>
        new(offset, active, protocol, RemoteAddress: 0x0A000001u + (uint)protocol, RemotePort: (ushort)(protocol == TransportProtocol.Tcp ? 443 : 53),
            Outbound: true, Opened: true, Lifetime: 2, packetsOut, packetsIn, bytesOut, bytesIn, PayloadSizeStd: 0, RoundTripMs: 20, Retransmissions: 0,
            Failed: false, Tls: TlsOutcome.None);
}
