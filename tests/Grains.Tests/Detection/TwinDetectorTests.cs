using DigitalTwin.Behaviour.Features;
using DigitalTwin.Detection.Scoring;
using DigitalTwin.Grains.Detection;
using Microsoft.Extensions.Options;

namespace DigitalTwin.Grains.Tests.Detection;

public sealed class TwinDetectorTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);
    private static readonly DetectionOptions Options = new();

    [Fact]
    public void AColdTwinIsJudgedByItsPeersThenByItsOwnBaselineOnceWarm()
    {
        var peers = new PeerBaselines(Microsoft.Extensions.Options.Options.Create(Options));
        var scorer = new WindowScorer(new ScoringOptions());
        var random = new Random(1);
        var veteran = new TwinDetector(new DetectionState(), Options, peers, scorer);
        for (var w = 0; w < 400; w++)
        {
            veteran.Observe("old", "sensor", Quiet(random), 3, Start.AddSeconds(10 * w), 10, Start);
        }

        var newcomer = new TwinDetector(new DetectionState(), Options, peers, scorer);
        var first = newcomer.Observe("new", "sensor", Quiet(random), 3, Start.AddSeconds(4_000), 10, Start);
        for (var w = 1; w < 360; w++)
        {
            newcomer.Observe("new", "sensor", Quiet(random), 3, Start.AddSeconds(4_000 + 10 * w), 10, Start);
        }

        var warm = newcomer.Observe("new", "sensor", Quiet(random), 3, Start.AddSeconds(7_600), 10, Start);
        var stranger = new TwinDetector(new DetectionState(), Options, peers, scorer).Observe("x", "camera", Quiet(random), 3, Start, 10, Start);

        Assert.Equal(BaselineKind.Peer, first.Score.Baseline);
        Assert.Equal(BaselineKind.Own, warm.Score.Baseline);
        Assert.Equal(BaselineKind.None, stranger.Score.Baseline);
    }

    [Fact]
    public void FlaggedWindowsTeachNeitherBaselineSoASlowAttackStaysAnomalous()
    {
        var peers = new PeerBaselines(Microsoft.Extensions.Options.Options.Create(Options));
        var state = new DetectionState();
        var detector = new TwinDetector(state, Options, peers, new WindowScorer(new ScoringOptions()));
        var random = new Random(2);
        var w = 0;
        for (; w < 2_000; w++)
        {
            detector.Observe("t", "sensor", Quiet(random), 3, Start.AddSeconds(10 * w), 10, Start);
        }

        var learnt = state.Baseline.Windows;
        var peerWindows = peers.View("sensor")!.Windows;

        // A day of a scan's windows: every one is flagged, none is learnt, the last as anomalous as the first.
        var scores = new List<double>();
        for (var end = w + 8_640; w < end; w++)
        {
            var scan = Quiet(random);
            scan[(int)NetworkFeature.DistinctDestinationPorts] = 40;
            scan[(int)NetworkFeature.SynOut] = 45;
            scan[(int)NetworkFeature.FailedConnections] = 30;
            scores.Add(detector.Observe("t", "sensor", scan, 3, Start.AddSeconds(10 * w), 10, Start).Score.Score);
        }

        Assert.Equal(learnt, state.Baseline.Windows);
        Assert.Equal(8_640, state.Baseline.Flagged);
        Assert.Equal(peerWindows, peers.View("sensor")!.Windows);
        Assert.All(scores, s => Assert.True(s >= Options.FlagScore));
        Assert.Equal(scores[0], scores[^1], 0.5);
        var alert = Assert.Single(state.Alerts);
        Assert.Equal((SuspectedBehaviour.PortScan, 8_640L), (alert.Type, alert.Windows));
    }

    private static double[] Quiet(Random random)
    {
        var values = new double[FeatureCatalog.Count];
        values[(int)NetworkFeature.PacketsIn] = 4 + random.Next(3);
        values[(int)NetworkFeature.PacketsOut] = 5 + random.Next(3);
        values[(int)NetworkFeature.BytesOut] = 500 + random.Next(200);
        values[(int)NetworkFeature.PacketRateMean] = 1 + random.NextDouble() * 0.2;
        values[(int)NetworkFeature.TcpRatio] = 1;
        values[(int)NetworkFeature.DistinctDestinationIps] = 1;
        values[(int)NetworkFeature.DistinctDestinationPorts] = 1;
        return values;
    }
}
