using DigitalTwin.Behaviour.Features;
using DigitalTwin.Behaviour.Traffic;

namespace DigitalTwin.Behaviour.Tests.Traffic;

public sealed class DampedRateTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ASteadyRateGivesThatRate()
    {
        var rate = new DampedRate(60);
        for (var i = 0; i < 1_000; i++)
        {
            rate.Add(50, 10);
        }

        Assert.Equal(5, rate.PerSecond, 12);
    }

    [Fact]
    public void SilenceInOneStepAgesLikeSilentWindowsOneByOne()
    {
        var stepped = new DampedRate(600);
        var skipped = new DampedRate(600);
        stepped.Add(100, 10);
        skipped.Add(100, 10);
        for (var i = 0; i < 90; i++)
        {
            stepped.Add(0, 10);
        }

        skipped.AddSilence(900, 10);

        Assert.Equal(stepped.PerSecond, skipped.PerSecond, 12);
    }

    [Fact]
    public void AWindowAfterSilentWindowsHasTheSameDampedRatesWhetherTheyWereBuiltOrNot()
    {
        var everyWindow = new NetworkWindowBuilder();
        var trafficOnly = new NetworkWindowBuilder();
        NetworkWindow? lastBuilt = null, lastSkipped = null;
        for (var w = 0; w < 200; w++)
        {
            var busy = w < 5 || w % 37 == 0;
            everyWindow.Begin(Start.AddSeconds(10 * w), 10);
            if (busy)
            {
                everyWindow.AddPackets(1, 0.1, 20, TransportProtocol.Tcp, true, 100, 7, 443, true);
                trafficOnly.Begin(Start.AddSeconds(10 * w), 10);
                trafficOnly.AddPackets(1, 0.1, 20, TransportProtocol.Tcp, true, 100, 7, 443, true);
                lastSkipped = trafficOnly.Build();
            }

            lastBuilt = everyWindow.Build();
            if (busy)
            {
                Assert.Equal(lastBuilt.Values, lastSkipped!.Values);
            }
        }

        Assert.NotNull(lastBuilt);
    }

    [Fact]
    public void QuietWindowsBeforeTheFirstTrafficDoNotDiluteTheRates()
    {
        var builder = new NetworkWindowBuilder();
        for (var w = 0; w < 30; w++)
        {
            builder.Begin(Start.AddSeconds(10 * w), 10);
            builder.Build();
        }

        builder.Begin(Start.AddSeconds(300), 10);
        builder.AddPackets(0, 0.1, 50, TransportProtocol.Udp, true, 100, 7, 53, true);
        var window = builder.Build();

        Assert.Equal(5, window[NetworkFeature.PacketRate1h], 12);
    }
}
