using DigitalTwin.Behaviour.Features;
using DigitalTwin.Behaviour.Traffic;

namespace DigitalTwin.Behaviour.Tests.Traffic;

/// <summary>The simulator's path (<see cref="FlowActivity"/>): durations count where sessions end, round trips where TCP sessions open.</summary>
public sealed class NetworkWindowBuilderSessionTests
{
    private static readonly DateTimeOffset Origin = new(2026, 11, 28, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ASessionOutlivingItsWindowCountsItsDurationInTheWindowItEnds()
    {
        var builder = new NetworkWindowBuilder();
        var windows = new List<NetworkWindow>();
        for (var w = 0; w < 4; w++)
        {
            builder.Begin(Origin.AddSeconds(w * 10), 10);
            if (w == 0)
            {
                builder.Add(Session(offset: 3, lifetime: 25, TransportProtocol.Tcp, roundTripMs: 40));
            }
            else if (w <= 2)
            {
                builder.Add(Session(offset: 0, lifetime: 25, TransportProtocol.Tcp, roundTripMs: 40) with { Opened = false });
            }

            windows.Add(builder.Build());
        }

        Assert.Equal([1, 0, 0, 0], windows.Select(w => w[NetworkFeature.SessionsOpened]));
        Assert.Equal([0, 0, 25, 0], windows.Select(w => w[NetworkFeature.SessionDurationMean]));
        Assert.Equal([0, 0, 25, 0], windows.Select(w => w[NetworkFeature.SessionDurationP95]));
        Assert.Equal([40, 0, 0, 0], windows.Select(w => w[NetworkFeature.LatencyMean]));
    }

    [Fact]
    public void ASessionEndingInsideItsWindowCountsItsDurationThere()
    {
        var builder = new NetworkWindowBuilder();
        builder.Begin(Origin, 10);
        builder.Add(Session(offset: 2, lifetime: 8, TransportProtocol.Udp, roundTripMs: double.NaN));
        builder.Add(Session(offset: 1, lifetime: 3, TransportProtocol.Tcp, roundTripMs: 20));
        var first = builder.Build();
        builder.Begin(Origin.AddSeconds(10), 10);
        var second = builder.Build();

        Assert.Equal(5.5, first[NetworkFeature.SessionDurationMean], 9);
        Assert.Equal(0, second[NetworkFeature.SessionDurationMean]);
    }

    [Fact]
    public void OnlyTcpSessionsGiveRoundTripsAndOnlyInTheirOpeningWindow()
    {
        var builder = new NetworkWindowBuilder();
        builder.Begin(Origin, 10);
        builder.Add(Session(offset: 1, lifetime: 1, TransportProtocol.Udp, roundTripMs: 500));
        builder.Add(Session(offset: 1, lifetime: 1, TransportProtocol.Icmp, roundTripMs: 300));
        builder.Add(Session(offset: 1, lifetime: 1, TransportProtocol.Tcp, roundTripMs: 20));
        builder.Add(Session(offset: 1, lifetime: 1, TransportProtocol.Tcp, roundTripMs: 40));
        builder.Add(Session(offset: 0, lifetime: 30, TransportProtocol.Tcp, roundTripMs: 900) with { Opened = false });
        var window = builder.Build();

        Assert.Equal(30, window[NetworkFeature.LatencyMean], 9);
        Assert.Equal(10, window[NetworkFeature.Jitter], 9);
    }

    [Fact]
    public void AnEndInAWindowThatWasNeverBuiltIsNotReportedLater()
    {
        var builder = new NetworkWindowBuilder();
        builder.Begin(Origin, 10);
        builder.Add(Session(offset: 5, lifetime: 10, TransportProtocol.Tcp, roundTripMs: 20));
        builder.Build();
        builder.Begin(Origin.AddSeconds(20), 10); // the window from 10 s, where the session ended, was skipped
        var later = builder.Build();

        Assert.Equal(0, later[NetworkFeature.SessionDurationMean]);
    }

    private static FlowActivity Session(double offset, double lifetime, TransportProtocol protocol, double roundTripMs) =>
        new(offset, ActiveSeconds: 1, protocol, RemoteAddress: 0x0A000001u, RemotePort: 443, Outbound: true, Opened: true, Lifetime: lifetime,
            PacketsOut: 5, PacketsIn: 5, BytesOut: 500, BytesIn: 500, PayloadSizeStd: 0, RoundTripMs: roundTripMs, Retransmissions: 0,
            Failed: false, Tls: TlsOutcome.None);
}
