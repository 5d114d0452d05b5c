using DigitalTwin.Behaviour.Features;
using DigitalTwin.Detection.Baselines;

namespace DigitalTwin.Detection.Tests.Baselines;

public sealed class BehaviourBaselineTests
{
    private static readonly BaselineOptions Options = new();

    [Fact]
    public void ABaselineIsWarmAfterAnHourOfTrafficAndNotBefore()
    {
        var baseline = new BehaviourBaseline(new BaselineState(), Options);
        var random = new Random(1);
        for (var w = 0; w < 359; w++)
        {
            baseline.Learn(WindowValues.Quiet(random), 3, WindowValues.Start.AddSeconds(10 * w), 10);
        }

        Assert.False(baseline.IsWarm);
        baseline.Learn(WindowValues.Quiet(random), 3, WindowValues.Start.AddSeconds(3_590), 10);
        Assert.True(baseline.IsWarm);
    }

    [Fact]
    public void ItsSizeStaysTheSameHoweverLongItLearns()
    {
        var state = new BaselineState();
        var baseline = new BehaviourBaseline(state, Options);
        var random = new Random(2);
        baseline.Learn(WindowValues.Quiet(random), 3, WindowValues.Start, 10);
        var (weights, totals) = (state.Weights.Length, state.Totals.Length);

        for (var w = 1; w < 100_000; w++)
        {
            baseline.Learn(WindowValues.Quiet(random), 3, WindowValues.Start.AddSeconds(10 * w), 10);
        }

        Assert.Equal(FeatureCatalog.Count * BaselineBins.Count, weights);
        Assert.Equal((weights, totals), (state.Weights.Length, state.Totals.Length));
        // A week's half-life: the weight is a geometric series, bounded by about 87,000 windows however long it runs.
        var decay = Math.Pow(0.5, 10 / Options.HalfLife.TotalSeconds);
        var expected = (1 - Math.Pow(decay, 100_000)) / (1 - decay);
        Assert.Equal(expected, state.Totals[(int)NetworkFeature.PacketsIn], expected * 1e-3);
        Assert.True(expected < 1 / (1 - decay));
    }

    [Fact]
    public void TheMedianAndSpreadDescribeWhatWasLearnt()
    {
        var baseline = Learnt(seed: 3, windows: 2_000);

        var ports = baseline.Summarise((int)NetworkFeature.DistinctDestinationPorts);
        Assert.InRange(ports.Centre, 0.8, 2.5);
        Assert.InRange(ports.High, ports.Centre, 3);
        var packets = baseline.Summarise((int)NetworkFeature.PacketsOut);
        Assert.InRange(packets.Centre, 4, 8);
        Assert.True(double.IsNaN(baseline.Summarise((int)NetworkFeature.SynOut).Centre) || baseline.Summarise((int)NetworkFeature.SynOut).Centre == 0);
    }

    [Fact]
    public void AValueFarPastAnythingSeenIsFarMoreSurprisingThanOneJustPast()
    {
        var baseline = Learnt(seed: 4, windows: 2_000);
        var feature = (int)NetworkFeature.DistinctDestinationPorts;

        var usual = baseline.Surprise(feature, 1, WindowValues.Start, 3, 1);
        var justPast = baseline.Surprise(feature, 4, WindowValues.Start, 3, 1);
        var scan = baseline.Surprise(feature, 312, WindowValues.Start, 3, 1);

        Assert.InRange(usual.Value, 0, 0.5);
        Assert.True(justPast.Above && scan.Above);
        Assert.True(scan.Value > justPast.Value + 5, $"scan {scan.Value}, just past {justPast.Value}");
    }

    [Fact]
    public void AFeatureBelowItsUsualRangeIsSurprisingToo()
    {
        var baseline = Learnt(seed: 5, windows: 2_000);

        var silent = baseline.Surprise((int)NetworkFeature.LatencyMean, 0, WindowValues.Start, 3, 1);

        Assert.False(silent.Above);
        Assert.True(silent.Value >= 3, $"surprise {silent.Value}");
    }

    [Fact]
    public void ADailyCycleIsLearntSoABusyHourIsNormalAtItsHourButNotAtNight()
    {
        // Ten days of a host twenty times busier from 08:00 to 18:00 than at night.
        var baseline = new BehaviourBaseline(new BaselineState(), Options);
        var random = new Random(6);
        for (var w = 0; w < 10 * 8_640; w++)
        {
            var start = WindowValues.Start.AddSeconds(10 * w);
            baseline.Learn(Busy(random, start.Hour is >= 8 and < 18 ? 20 : 1), 3, start, 10);
        }

        var busy = Busy(random, 20);
        var feature = (int)NetworkFeature.PacketsOut;
        var atNoon = baseline.Surprise(feature, busy[feature], WindowValues.Start.AddHours(12), 3, 1);
        var atNight = baseline.Surprise(feature, busy[feature], WindowValues.Start.AddHours(3), 3, 1);

        Assert.True(baseline.DailyCycleFactor() > 5, $"cycle {baseline.DailyCycleFactor()}");
        Assert.InRange(atNoon.Value, 0, 1.5);
        Assert.True(atNight.Value >= 3, $"at night {atNight.Value}");
    }

    [Fact]
    public void WithoutACycleNoHourIsCorrected()
    {
        var baseline = Learnt(seed: 7, windows: 3 * 8_640);

        Assert.InRange(baseline.DailyCycleFactor(), 1, 1.5);
    }

    [Fact]
    public void AWindowOfAnotherSchemaVersionStartsTheBaselineAgain()
    {
        var baseline = Learnt(seed: 8, windows: 500);

        baseline.Learn(WindowValues.Quiet(new Random(9)), 2, WindowValues.Start.AddDays(1), 10);

        Assert.Equal(2, baseline.State.SchemaVersion);
        Assert.Equal(1, baseline.State.Windows);
    }

    [Fact]
    public void MergedBaselinesHoldBothHostsBehaviour()
    {
        var quiet = Learnt(seed: 10, windows: 1_000);
        var chatty = new BehaviourBaseline(new BaselineState(), Options);
        var random = new Random(11);
        for (var w = 0; w < 1_000; w++)
        {
            chatty.Learn(WindowValues.With(WindowValues.Quiet(random), NetworkFeature.DistinctDestinationPorts, 40), 3, WindowValues.Start.AddSeconds(10 * w), 10);
        }

        var merged = new BehaviourBaseline(new BaselineState(), Options);
        merged.Merge(quiet.State);
        merged.Merge(chatty.State);

        var feature = (int)NetworkFeature.DistinctDestinationPorts;
        Assert.Equal(2_000, merged.State.Windows);
        Assert.True(quiet.Surprise(feature, 40, WindowValues.Start, 3, 1).Value > 3);
        Assert.True(merged.Surprise(feature, 40, WindowValues.Start, 3, 1).Value < 1);
    }

    [Fact]
    public void WindowsMillisecondsApartStillAgeWhatWasLearnt()
    {
        // A peer group of thousands of hosts learns a window every few milliseconds: each step ages it a little.
        var baseline = new BehaviourBaseline(new BaselineState(), Options);
        var random = new Random(12);
        var feature = (int)NetworkFeature.DistinctDestinationPorts;
        baseline.Learn(WindowValues.With(WindowValues.Quiet(random), NetworkFeature.DistinctDestinationPorts, 40), 3, WindowValues.Start, 10);
        var bin = BinOf(baseline.State, feature);
        for (var w = 1; w <= 2_000; w++)
        {
            baseline.Learn(WindowValues.With(WindowValues.Quiet(random), NetworkFeature.DistinctDestinationPorts, 1), 3, WindowValues.Start, 10, elapsed: 0.01);
        }

        Assert.Equal(Math.Pow(0.5, 20 / Options.HalfLife.TotalSeconds), baseline.State.Weights[bin], 1e-9);
    }

    [Fact]
    public void ABinKeepsCountingPastSixteenMillionWindows()
    {
        // A large fleet's peer baseline holds hundreds of millions of windows' weight within one half-life.
        var baseline = new BehaviourBaseline(new BaselineState(), Options);
        var window = WindowValues.Quiet(new Random(13));
        var feature = (int)NetworkFeature.PacketsOut;
        baseline.Learn(window, 3, WindowValues.Start, 10);
        var bin = BinOf(baseline.State, feature);
        baseline.State.Weights[bin] = 16_777_216;
        baseline.State.Totals[feature] = 16_777_216;

        baseline.Learn(window, 3, WindowValues.Start, 10, elapsed: 0);
        baseline.Learn(window, 3, WindowValues.Start, 10, elapsed: 0);

        Assert.Equal(16_777_218d, baseline.State.Weights[bin]);
    }

    [Fact]
    public void TimeWithoutWindowsDoesNotAgeTheBaseline()
    {
        // It ages by the traffic it learns: a host back after a month is judged by what it did before it left.
        var baseline = new BehaviourBaseline(new BaselineState(), Options);
        var random = new Random(14);
        baseline.Learn(WindowValues.Quiet(random), 3, WindowValues.Start, 10);

        baseline.Learn(WindowValues.Quiet(random), 3, WindowValues.Start.AddDays(30), 10);

        Assert.Equal(1 + Math.Pow(0.5, 10 / Options.HalfLife.TotalSeconds), baseline.State.Totals[(int)NetworkFeature.PacketsOut], 1e-12);
    }

    [Fact]
    public void AnAbsentZeroBelowWhatWasSeenCountsAsOneBinPastIt()
    {
        // A window without a handshake measured no latency: on a host that always has one, that is a novelty, not an
        // outlier as far below normal as its 20 ms are from 0.
        var baseline = Learnt(seed: 15, windows: 2_000);

        var none = baseline.Surprise((int)NetworkFeature.LatencyMean, 0, WindowValues.Start, 3, 1);

        Assert.False(none.Above);
        Assert.Equal(4, none.Value, 1e-9);
    }

    private static BehaviourBaseline Learnt(int seed, int windows)
    {
        var baseline = new BehaviourBaseline(new BaselineState(), Options);
        var random = new Random(seed);
        for (var w = 0; w < windows; w++)
        {
            baseline.Learn(WindowValues.Quiet(random), 3, WindowValues.Start.AddSeconds(10 * w), 10);
        }

        return baseline;
    }

    private static double[] Busy(Random random, double load)
    {
        var values = WindowValues.Quiet(random);
        foreach (var feature in (NetworkFeature[])[NetworkFeature.PacketsIn, NetworkFeature.PacketsOut, NetworkFeature.BytesIn, NetworkFeature.BytesOut, NetworkFeature.PacketRateMean])
        {
            values[(int)feature] *= load * (0.9 + 0.2 * random.NextDouble());
        }

        return values;
    }

    /// <summary>The one bin of <paramref name="feature"/> that holds weight.</summary>
    private static int BinOf(BaselineState state, int feature)
    {
        var bins = Enumerable.Range(feature * BaselineBins.Count, BaselineBins.Count).Where(i => state.Weights[i] > 0).ToList();
        return Assert.Single(bins);
    }
}
