using DigitalTwin.Behaviour.Features;
using DigitalTwin.Detection.Baselines;
using DigitalTwin.Detection.Scoring;

namespace DigitalTwin.Detection.Tests.Scoring;

public sealed class WindowScorerTests
{
    private static readonly WindowScorer Scorer = new(new ScoringOptions());

    [Fact]
    public void TheHostsOwnNormalWindowsAreAlmostNeverFlagged()
    {
        var baseline = Learnt(seed: 1, windows: 8_640);
        var random = new Random(2);

        var flagged = 0;
        for (var w = 0; w < 20_000; w++)
        {
            flagged += Scorer.Score(WindowValues.Quiet(random), WindowValues.Start.AddDays(1).AddSeconds(10 * w), baseline, BaselineKind.Own).Flagged ? 1 : 0;
        }

        Assert.Equal(0, flagged);
    }

    [Fact]
    public void APortScanIsFlaggedNamedAndExplained()
    {
        var baseline = Learnt(seed: 3, windows: 8_640);
        var scan = WindowValues.Quiet(new Random(4));
        WindowValues.Set(scan, NetworkFeature.DistinctDestinationPorts, 312);
        WindowValues.Set(scan, NetworkFeature.SynOut, 330);
        WindowValues.Set(scan, NetworkFeature.UnansweredSynRatio, 0.8);
        WindowValues.Set(scan, NetworkFeature.FailedConnections, 60);
        WindowValues.Set(scan, NetworkFeature.NewDestinations, 312);

        var score = Scorer.Score(scan, WindowValues.Start.AddDays(1), baseline, BaselineKind.Own);

        Assert.True(score.Flagged);
        Assert.Equal(SuspectedBehaviour.PortScan, score.Behaviour);
        Assert.Equal(BaselineKind.Own, score.Baseline);
        Assert.InRange(score.Contributions.Count, 1, new ScoringOptions().MaxContributions);
        Assert.Equal(score.Contributions.OrderByDescending(c => c.Score), score.Contributions);
        var ports = Assert.Single(score.Contributions, c => c.Feature == NetworkFeature.DistinctDestinationPorts);
        Assert.Matches(@"^distinct_destination_ports 312: 80% of its connection attempts unanswered, baseline [12](\.\d)? ± 0\.\d+$", ReasonText.For(ports, scan));
    }

    [Theory]
    [InlineData(SuspectedBehaviour.DnsTunnelling)]
    [InlineData(SuspectedBehaviour.DataExfiltration)]
    [InlineData(SuspectedBehaviour.ProtocolMix)]
    [InlineData(SuspectedBehaviour.BruteForce)]
    public void EachBehavioursSignatureNamesIt(string behaviour)
    {
        var baseline = Learnt(seed: 5, windows: 8_640);
        var window = WindowValues.Quiet(new Random(6));
        foreach (var (feature, value) in Signature(behaviour))
        {
            WindowValues.Set(window, feature, value);
        }

        var score = Scorer.Score(window, WindowValues.Start.AddDays(1), baseline, BaselineKind.Own);

        Assert.True(score.Flagged, $"score {score.Score}");
        Assert.Equal(behaviour, score.Behaviour);
    }

    [Fact]
    public void AFeatureThatWasAbsentAppearingIsANoveltyNotAnOutlierSoABaselineAloneDoesNotFlagATimer()
    {
        // A host with no periodic endpoint gets one: a beacon's timer, or a stale name asked every 20 minutes. The
        // rhythm's first value counts as one bin past "absent", not as its distance from zero; only a trained model
        // tells the two apart (docs/detection.md, "Scoring").
        var baseline = Learnt(seed: 11, windows: 8_640);
        var window = WindowValues.Quiet(new Random(12));
        foreach (var (feature, value) in Signature(SuspectedBehaviour.Beacon))
        {
            WindowValues.Set(window, feature, value);
        }

        var gap = baseline.Surprise((int)NetworkFeature.PeriodicGapMean, 1_200, WindowValues.Start.AddDays(1), 3, 1);
        var score = Scorer.Score(window, WindowValues.Start.AddDays(1), baseline, BaselineKind.Own);

        Assert.Equal(3 + 1, gap.Value, 1e-9);
        Assert.False(score.Flagged, $"score {score.Score}");
    }

    [Fact]
    public void ABeaconsReasonSaysItsTimer()
    {
        var baseline = Learnt(seed: 7, windows: 8_640);
        var window = WindowValues.Quiet(new Random(8));
        foreach (var (feature, value) in Signature(SuspectedBehaviour.Beacon))
        {
            WindowValues.Set(window, feature, value);
        }

        var score = Scorer.Score(window, WindowValues.Start.AddDays(1), baseline, BaselineKind.Own);

        Assert.Contains(score.Contributions, c => ReasonText.For(c, window).Contains("sessions every 45 s to one endpoint", StringComparison.Ordinal));
    }

    [Fact]
    public void UnmeasuredFeaturesNeitherScoreNorFail()
    {
        var baseline = Learnt(seed: 9, windows: 1_000);
        var window = Enumerable.Repeat(double.NaN, FeatureCatalog.Count).ToArray();

        var score = Scorer.Score(window, WindowValues.Start.AddDays(1), baseline, BaselineKind.Own);

        Assert.Equal(0, score.Score);
        Assert.False(score.Flagged);
        Assert.Empty(score.Contributions);
    }

    [Fact]
    public void AWindowThatMeasuredNothingOfItsAbsentZeroFeaturesIsNotAnomalous()
    {
        // No handshake and no payload in a window: nothing was measured, which is no extreme low of either.
        var baseline = Learnt(seed: 11, windows: 8_640);
        var window = WindowValues.Quiet(new Random(12));
        WindowValues.Set(window, NetworkFeature.LatencyMean, 0);
        WindowValues.Set(window, NetworkFeature.PayloadSizeMean, 0);

        var score = Scorer.Score(window, WindowValues.Start.AddDays(1), baseline, BaselineKind.Own);

        Assert.False(score.Flagged, $"score {score.Score}");
        Assert.All(score.Contributions, c => Assert.True(c.Score <= 2 + 1e-9, $"{c.Name} {c.Score}"));
    }

    [Fact]
    public void NothingLearntMeansNothingToScoreAgainst()
    {
        var score = Scorer.Score(WindowValues.Quiet(new Random(10)), WindowValues.Start, new BehaviourBaseline(new BaselineState(), new BaselineOptions()), BaselineKind.Own);

        Assert.False(score.Flagged);
        Assert.Equal(0, score.Score);
    }

    [Theory]
    [InlineData(312.0, "312")]
    [InlineData(12_345.6, "12,346")]
    [InlineData(2.0, "2")]
    [InlineData(2.46, "2.5")]
    [InlineData(0.04, "0.04")]
    [InlineData(0.000123, "0.00012")]
    [InlineData(0.0, "0")]
    [InlineData(double.NaN, "unknown")]
    public void NumbersAreWrittenAsPeopleWriteThem(double value, string text) => Assert.Equal(text, ReasonText.Number(value));

    private static (NetworkFeature, double)[] Signature(string behaviour) => behaviour switch
    {
        SuspectedBehaviour.DnsTunnelling => [(NetworkFeature.DnsQueryRate, 3), (NetworkFeature.DnsUniqueNames, 30), (NetworkFeature.DnsNameLengthMean, 70), (NetworkFeature.DnsNameEntropyMean, 4.5), (NetworkFeature.NewDnsNames, 30)],
        SuspectedBehaviour.DataExfiltration => [(NetworkFeature.BytesOut, 5_000_000), (NetworkFeature.BytesOutRatio, 0.99), (NetworkFeature.BytesOutRate10m, 200_000)],
        SuspectedBehaviour.Beacon => [(NetworkFeature.PeriodicGapMean, 45), (NetworkFeature.PeriodicGapCv, 0.01), (NetworkFeature.NewDestinations, 1)],
        SuspectedBehaviour.ProtocolMix => [(NetworkFeature.IcmpRatio, 0.6), (NetworkFeature.OtherRatio, 0.2)],
        SuspectedBehaviour.BruteForce => [(NetworkFeature.TlsFailures, 20), (NetworkFeature.TlsHandshakes, 20), (NetworkFeature.TlsFailures1h, 500)],
        _ => throw new ArgumentOutOfRangeException(nameof(behaviour)),
    };

    private static BehaviourBaseline Learnt(int seed, int windows)
    {
        var baseline = new BehaviourBaseline(new BaselineState(), new BaselineOptions());
        var random = new Random(seed);
        for (var w = 0; w < windows; w++)
        {
            baseline.Learn(WindowValues.Quiet(random), 3, WindowValues.Start.AddSeconds(10 * w - 86_400), 10);
        }

        return baseline;
    }
}
