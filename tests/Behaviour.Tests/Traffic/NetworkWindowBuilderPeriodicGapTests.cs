using DigitalTwin.Behaviour.Features;
using DigitalTwin.Behaviour.Traffic;

namespace DigitalTwin.Behaviour.Tests.Traffic;

/// <summary>periodic_gap_mean and periodic_gap_cv: the rhythm of the most regular endpoint the device contacted in the window.</summary>
public sealed class NetworkWindowBuilderPeriodicGapTests
{
    private static readonly DateTimeOffset Origin = new(2026, 11, 28, 0, 0, 0, TimeSpan.Zero);
    private static readonly RemoteEndpoint Api = new(7, 443, TransportProtocol.Tcp);
    private static readonly RemoteEndpoint Telemetry = new(8, 8883, TransportProtocol.Tcp);

    [Fact]
    public void AFiveMinuteTimerHasMean300AndCvZeroFromItsThirdGapOn()
    {
        var builder = new NetworkWindowBuilder();
        var windows = Enumerable.Range(0, 6).Select(k => Window(builder, 300.0 * k, b => b.AddSessionOpened(1, outbound: true, Api))).ToList();

        Assert.Equal([0, 0, 0, 300, 300, 300], windows.Select(w => w[NetworkFeature.PeriodicGapMean]));
        Assert.Equal([0, 0, 0, 0, 0, 0], windows.Select(w => w[NetworkFeature.PeriodicGapCv]));
    }

    [Fact]
    public void JitteredGapsRaiseTheCv()
    {
        var builder = new NetworkWindowBuilder();
        double[] starts = [0, 300, 580, 900, 1_190, 1_510];
        var last = starts.Select(s => Window(builder, s, b => b.AddSessionOpened(1, outbound: true, Api))).ToList()[^1];

        Assert.InRange(last[NetworkFeature.PeriodicGapMean], 280, 320);
        Assert.InRange(last[NetworkFeature.PeriodicGapCv], 0.01, 0.2);
    }

    [Fact]
    public void StartsUnderASecondApartCountAsOne()
    {
        var builder = new NetworkWindowBuilder();
        var windows = Enumerable.Range(0, 5).Select(k => Window(builder, 300.0 * k, b =>
        {
            b.AddSessionOpened(1, outbound: true, Api);
            b.AddSessionOpened(1.3, outbound: true, Api);
            b.AddSessionOpened(1.9, outbound: true, Api);
        })).ToList();

        Assert.Equal([0, 0, 0, 300, 300], windows.Select(w => w[NetworkFeature.PeriodicGapMean]));
        Assert.Equal(0, windows[^1][NetworkFeature.PeriodicGapCv]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TheMostRegularOfTheEndpointsContactedInTheWindowIsReported(bool jitteredFirst)
    {
        var builder = new NetworkWindowBuilder();
        double[] regular = [0, 300, 600];
        double[] jittered = [5, 255, 625];
        foreach (var (at, endpoint) in regular.Select(s => (s, Api)).Concat(jittered.Select(s => (s, Telemetry))).OrderBy(p => p.Item1))
        {
            Window(builder, at, b => b.AddSessionOpened(1, outbound: true, endpoint));
        }

        var window = Window(builder, 900, b =>
        {
            if (jitteredFirst)
            {
                b.AddSessionOpened(0.5, outbound: true, Telemetry);
            }

            b.AddSessionOpened(1, outbound: true, Api);
            if (!jitteredFirst)
            {
                b.AddSessionOpened(2, outbound: true, Telemetry);
            }
        });

        Assert.Equal(300, window[NetworkFeature.PeriodicGapMean]);
        Assert.Equal(0, window[NetworkFeature.PeriodicGapCv]);
    }

    [Fact]
    public void AnEndpointNotContactedInTheWindowIsNotReported()
    {
        var builder = new NetworkWindowBuilder();
        for (var k = 0; k < 4; k++)
        {
            Window(builder, 300.0 * k, b => b.AddSessionOpened(1, outbound: true, Api));
        }

        var window = Window(builder, 1_000, b => b.AddSessionOpened(1, outbound: true, Telemetry));

        Assert.Equal(0, window[NetworkFeature.PeriodicGapMean]);
        Assert.Equal(0, window[NetworkFeature.PeriodicGapCv]);
    }

    [Fact]
    public void AnInboundSessionDoesNotCount()
    {
        var builder = new NetworkWindowBuilder();
        var windows = Enumerable.Range(0, 6).Select(k => Window(builder, 300.0 * k, b => b.AddSessionOpened(1, outbound: false, Api))).ToList();

        Assert.All(windows, w => Assert.Equal(0, w[NetworkFeature.PeriodicGapMean]));
        Assert.All(windows, w => Assert.Equal(0, w[NetworkFeature.PeriodicGapCv]));
    }

    private static NetworkWindow Window(NetworkWindowBuilder builder, double seconds, Action<NetworkWindowBuilder> traffic)
    {
        builder.Begin(Origin.AddSeconds(seconds), 10);
        traffic(builder);
        return builder.Build();
    }
}
