using DigitalTwin.Behaviour.Features;
using DigitalTwin.Detection.Scoring;
using DigitalTwin.Grains.Detection;
using DigitalTwin.Grains.Interfaces.Alerts;
using Microsoft.Extensions.Options;

using static DigitalTwin.Grains.Tests.Detection.SensorWindows;

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

    [Fact]
    public void ASuspectWindowIsLearntOnceItsProbationPassesWithNothingAnomalousAfterIt()
    {
        var (state, detector, random, w) = Warm(seed: 3);

        // Three times the usual packets: unusual, not anomalous.
        var busy = Quiet(random);
        busy[(int)NetworkFeature.PacketsOut] = 20;
        var first = detector.Observe("t", "sensor", busy, 3, Start.AddSeconds(10 * w++), 10, Start).Score;
        var learnt = state.Baseline.Windows;
        for (var end = w + 360; w < end; w++)
        {
            detector.Observe("t", "sensor", Quiet(random), 3, Start.AddSeconds(10 * w), 10, Start);
        }

        Assert.InRange(first.Score, Options.SuspectScore, Options.FlagScore - 0.001);
        Assert.False(first.Flagged);
        // The 360 quiet windows and, its hour over, the busy one.
        Assert.Equal(learnt + 361, state.Baseline.Windows);
        Assert.Equal(0, state.Baseline.Flagged);
        Assert.True(detector.Observe("t", "sensor", busy, 3, Start.AddSeconds(10 * w), 10, Start).Score.Score < first.Score);
    }

    [Fact]
    public void SuspectWindowsOfTheSchemaVersionBeforeAnUpgradeAreDroppedNotLearnt()
    {
        var (state, detector, random, w) = Warm(seed: 5, schemaVersion: 2);

        var busy = Quiet(random);
        busy[(int)NetworkFeature.PacketsOut] = 20;
        Assert.False(detector.Observe("t", "sensor", busy, 2, Start.AddSeconds(10 * w++), 10, Start).Score.Flagged);

        // The device is upgraded to schema 3: its baseline starts again, and the schema 2 window's probation ends
        // during its first hour.
        for (var end = w + 400; w < end; w++)
        {
            detector.Observe("t", "sensor", Quiet(random), 3, Start.AddSeconds(10 * w), 10, Start);
        }

        Assert.Equal((3, 400L), (state.Baseline.SchemaVersion, state.Baseline.Windows));
    }

    [Fact]
    public void EverySuspectWindowOfAnHourOfOneSecondWindowsWaitsOutItsProbation()
    {
        var (state, detector, random, w) = Warm(seed: 6, windows: 4_000, windowSeconds: 1);

        // A thousand suspect one-second windows, then an hour and more of quiet ones.
        for (var end = w + 1_000; w < end; w++)
        {
            var busy = Quiet(random);
            busy[(int)NetworkFeature.PacketsOut] = 20;
            var score = detector.Observe("t", "sensor", busy, 3, Start.AddSeconds(w), 1, Start).Score;
            Assert.InRange(score.Score, Options.SuspectScore, Options.FlagScore - 0.001);
        }

        for (var end = w + 4_000; w < end; w++)
        {
            detector.Observe("t", "sensor", Quiet(random), 3, Start.AddSeconds(w), 1, Start);
        }

        Assert.Equal(9_000, state.Baseline.Windows);
        Assert.Equal(0, state.Baseline.Flagged);
    }

    [Fact]
    public void SuspectWindowsForLongerThanTheProbationAreAllLearntInTurn()
    {
        // Persistence out of the way: only the probation's own rules are at work.
        var options = new DetectionOptions { PersistenceLimit = 100_000 };
        var (state, detector, random, w) = Warm(seed: 15, options);
        var learnt = state.Baseline.Windows;

        // Two hours of suspect windows: a full probation once held the oldest out just as its hour was over.
        for (var end = w + 720; w < end; w++)
        {
            Assert.False(detector.Observe("t", "sensor", Busy(random), 3, Start.AddSeconds(10 * w), 10, Start).Score.Flagged);
        }

        Assert.Equal(0, state.Baseline.Flagged);
        Assert.True(state.Baseline.Windows >= learnt + 360, $"{state.Baseline.Windows - learnt} suspect windows learnt");
    }

    [Fact]
    public void AtMostTheBoundOfSuspectWindowsWaitsWhateverTheProbation()
    {
        // A day's probation of one-second windows would be 86,400 windows' values in memory: the oldest go unlearnt.
        var options = new DetectionOptions { Probation = TimeSpan.FromDays(1), WarmUp = TimeSpan.FromSeconds(10) };
        var (state, detector, random, w) = Warm(seed: 7, options, windowSeconds: 1);

        var suspects = TwinDetector.MaxProbationWindows + 100;
        for (var end = w + suspects; w < end; w++)
        {
            var busy = Quiet(random);
            busy[(int)NetworkFeature.PacketsOut] = 20;
            detector.Observe("t", "sensor", busy, 3, Start.AddSeconds(w), 1, Start);
        }

        Assert.Equal(100, state.Baseline.Flagged);
    }

    [Fact]
    public void SuspectWindowsBeforeAFlaggedOneAreNeverLearnt()
    {
        var (state, detector, random, w) = Warm(seed: 4);

        var learnt = state.Baseline.Windows;

        // An attack's ramp: three suspect windows, then the flagged one, then an hour and more of quiet.
        for (var step = 0; step < 3; step++)
        {
            var ramp = Quiet(random);
            ramp[(int)NetworkFeature.PacketsOut] = 20;
            Assert.False(detector.Observe("t", "sensor", ramp, 3, Start.AddSeconds(10 * w++), 10, Start).Score.Flagged);
        }

        var scan = Quiet(random);
        scan[(int)NetworkFeature.DistinctDestinationPorts] = 300;
        scan[(int)NetworkFeature.SynOut] = 330;
        scan[(int)NetworkFeature.FailedConnections] = 300;
        Assert.True(detector.Observe("t", "sensor", scan, 3, Start.AddSeconds(10 * w++), 10, Start).Score.Flagged);
        for (var end = w + 400; w < end; w++)
        {
            detector.Observe("t", "sensor", Quiet(random), 3, Start.AddSeconds(10 * w), 10, Start);
        }

        Assert.Equal(learnt + 400, state.Baseline.Windows);
        Assert.Equal(4, state.Baseline.Flagged);
    }

    [Fact]
    public void AWindowFlaggedAloneRaisesNoAlert()
    {
        var (state, detector, random, w) = Warm(seed: 5);

        var odd = detector.Observe("t", "sensor", Odd(random), 3, Start.AddSeconds(10 * w++), 10, Start).Score;
        for (var end = w + 30; w < end; w++)
        {
            detector.Observe("t", "sensor", Quiet(random), 3, Start.AddSeconds(10 * w), 10, Start);
        }

        Assert.True(odd.Flagged, odd.Score + " " + string.Join(",", odd.Contributions.Select(c => c.Name + "=" + c.Score)));
        Assert.InRange(odd.Score, Options.FlagScore, Options.CriticalScore - 0.001);
        Assert.Empty(state.Alerts);
        Assert.Equal(1, state.WindowsFlagged);
    }

    [Fact]
    public void ASecondFlaggedWindowWithinTheSpanRaisesTheAlertFromTheFirst()
    {
        var (state, detector, random, w) = Warm(seed: 6);

        var first = Start.AddSeconds(10 * w);
        Assert.Empty(detector.Observe("t", "sensor", Odd(random), 3, first, 10, Start).Changes);
        w += Options.ConfirmSpan - 1;
        var outcome = detector.Observe("t", "sensor", Odd(random), 3, Start.AddSeconds(10 * w), 10, Start);

        var raised = Assert.Single(outcome.Changes);
        Assert.Equal(AlertChange.Raised, raised.Change);
        var alert = Assert.Single(state.Alerts);
        Assert.Equal((first, 2L, 2), (alert.FirstSeen, alert.Windows, alert.Evidence.Count));
    }

    [Fact]
    public void FlaggedWindowsFurtherApartThanTheSpanRaiseNothing()
    {
        var (state, detector, random, w) = Warm(seed: 7);

        for (var i = 0; i < 5; i++, w += Options.ConfirmSpan)
        {
            Assert.True(detector.Observe("t", "sensor", Odd(random), 3, Start.AddSeconds(10 * w), 10, Start).Score.Flagged);
            for (var quiet = 1; quiet < Options.ConfirmSpan; quiet++)
            {
                detector.Observe("t", "sensor", Quiet(random), 3, Start.AddSeconds(10 * (w + quiet)), 10, Start);
            }
        }

        Assert.Empty(state.Alerts);
    }

    [Fact]
    public void ACriticalWindowRaisesItsAlertAtOnce()
    {
        var (state, detector, random, w) = Warm(seed: 8);
        var scan = Quiet(random);
        scan[(int)NetworkFeature.DistinctDestinationPorts] = 300;
        scan[(int)NetworkFeature.SynOut] = 330;
        scan[(int)NetworkFeature.FailedConnections] = 300;

        var outcome = detector.Observe("t", "sensor", scan, 3, Start.AddSeconds(10 * w), 10, Start);

        Assert.True(outcome.Score.Score >= Options.CriticalScore);
        Assert.Equal(AlertChange.Raised, Assert.Single(outcome.Changes).Change);
        Assert.Equal(SuspectedBehaviour.PortScan, Assert.Single(state.Alerts).Type);
    }

    [Fact]
    public void ConfirmingOneWindowRaisesOnEveryFlaggedWindow()
    {
        var options = new DetectionOptions { ConfirmWindows = 1, ConfirmSpan = 1 };
        var (state, detector, random, w) = Warm(seed: 9, options);

        var outcome = detector.Observe("t", "sensor", Odd(random), 3, Start.AddSeconds(10 * w), 10, Start);

        Assert.Equal(AlertChange.Raised, Assert.Single(outcome.Changes).Change);
        Assert.Single(state.Alerts);
    }

    [Fact]
    public void SuspectWindowsThatLastRaiseAnAlertThoughNoneIsFlaggedByItself()
    {
        var (state, detector, random, w) = Warm(seed: 10);

        var outcomes = new List<DetectionOutcome>();
        for (var i = 0; i < 30; i++)
        {
            outcomes.Add(detector.Observe("t", "sensor", Busy(random), 3, Start.AddSeconds(10 * w++), 10, Start));
        }

        // Each window's own score is suspect, never anomalous; their excess over the allowance adds up to the limit.
        Assert.All(outcomes, o => Assert.InRange(o.Score.Score, Options.SuspectScore, Options.FlagScore - 0.001));
        var first = outcomes.FindIndex(o => o.Score.Flagged);
        var excess = outcomes.Take(first + 1).Select(o => o.Score.Score - Options.PersistenceAllowance).ToList();
        Assert.True(first > 0);
        Assert.True(excess.Take(first).Sum() < Options.PersistenceLimit);
        Assert.Equal(excess.Sum(), outcomes[first].Score.Persistence, 9);
        Assert.All(outcomes.Skip(first), o => Assert.True(o.Score.Flagged && o.Score.Persistence >= Options.PersistenceLimit));
        Assert.Equal(AlertChange.Raised, Assert.Single(outcomes[first].Changes).Change);
        var alert = Assert.Single(state.Alerts);
        Assert.Equal((outcomes[0].Score.Behaviour, 30L - first), (alert.Type, alert.Windows));
        Assert.Equal(Math.Round(excess.Sum(), 3), alert.Evidence[0].Persistence);
    }

    [Fact]
    public void AColdHostsSuspectWindowsAgainstItsPeersAddNothingUp()
    {
        var peers = new PeerBaselines(Microsoft.Extensions.Options.Options.Create(Options));
        var scorer = new WindowScorer(new ScoringOptions());
        var random = new Random(14);
        var veteran = new TwinDetector(new DetectionState(), Options, peers, scorer);
        for (var w = 0; w < 400; w++)
        {
            veteran.Observe("old", "sensor", Quiet(random), 3, Start.AddSeconds(10 * w), 10, Start);
        }

        // A newcomer busier than its peers for its first five minutes: suspect against them, and that is all.
        var state = new DetectionState();
        var newcomer = new TwinDetector(state, Options, peers, scorer);
        for (var w = 0; w < 30; w++)
        {
            var score = newcomer.Observe("new", "sensor", Busy(random), 3, Start.AddSeconds(4_000 + 10 * w), 10, Start).Score;
            Assert.Equal(BaselineKind.Peer, score.Baseline);
            Assert.InRange(score.Score, Options.SuspectScore, Options.FlagScore - 0.001);
            Assert.False(score.Flagged);
        }

        Assert.Empty(state.Alerts);
    }

    [Fact]
    public void OneSuspectWindowAfterALongDeviationRaisesNothing()
    {
        var (state, detector, random, w) = Warm(seed: 16);

        // Five minutes of suspect windows raise an alert; a person clears it; a few normal windows later one more
        // suspect window is only suspect: however long the deviation, the sum never grew past the limit.
        for (var i = 0; i < 30; i++)
        {
            detector.Observe("t", "sensor", Busy(random), 3, Start.AddSeconds(10 * w++), 10, Start);
        }

        var alert = Assert.Single(state.Alerts);
        Assert.NotNull(detector.Alerts.Clear(alert.Number, "carol", Start).Change);
        for (var quiet = 0; quiet < 5; quiet++)
        {
            detector.Observe("t", "sensor", Quiet(random), 3, Start.AddSeconds(10 * w++), 10, Start);
        }

        var next = detector.Observe("t", "sensor", Busy(random), 3, Start.AddSeconds(10 * w), 10, Start);

        Assert.False(next.Score.Flagged);
        Assert.Empty(next.Changes);
    }

    [Fact]
    public void ABaselineStartedAgainStartsThePersistentDeviationAgain()
    {
        var (_, detector, random, w) = Warm(seed: 17);
        for (var i = 0; i < 30; i++)
        {
            Assert.Equal(BaselineKind.Own, detector.Observe("t", "sensor", Busy(random), 3, Start.AddSeconds(10 * w++), 10, Start).Score.Baseline);
        }

        // The device moves to schema 4: its baseline starts again, and its first window judged by it is suspect.
        while (!detector.Own.IsWarm || detector.Own.State.SchemaVersion != 4)
        {
            detector.Observe("t", "sensor", Quiet(random), 4, Start.AddSeconds(10 * w++), 10, Start);
        }

        var first = detector.Observe("t", "sensor", Busy(random), 4, Start.AddSeconds(10 * w), 10, Start).Score;

        Assert.Equal(BaselineKind.Own, first.Baseline);
        Assert.InRange(first.Score, Options.SuspectScore, Options.FlagScore - 0.001);
        Assert.False(first.Flagged);
    }

    [Fact]
    public void APersistentDeviationKeepsTheBehaviourItWasFirstNamedAfter()
    {
        var (state, detector, random, w) = Warm(seed: 18);

        // Suspect windows of one kind, then of another for longer: the leading behaviour of the sum changes, the
        // deviation's name does not, and it raises one alert.
        var kinds = new List<string>();
        for (var i = 0; i < 60; i++)
        {
            var values = i < 10 ? Busy(random) : Chatty(random);
            var score = detector.Observe("t", "sensor", values, 3, Start.AddSeconds(10 * w++), 10, Start).Score;
            Assert.InRange(score.Score, Options.SuspectScore, Options.FlagScore - 0.001);
            kinds.Add(score.Behaviour);
        }

        var flagged = kinds.Skip(kinds.Count - 40).Distinct().ToList();
        Assert.Single(flagged);
        var alert = Assert.Single(state.Alerts);
        Assert.Equal(flagged[0], alert.Type);
    }

    [Fact]
    public void SuspectWindowsBetweenNormalOnesAddNothingUp()
    {
        var (state, detector, random, w) = Warm(seed: 11);

        // A suspect window scores below the flag score, so it adds less than five normal windows take back.
        for (var i = 0; i < 100; i++)
        {
            Assert.False(detector.Observe("t", "sensor", Busy(random), 3, Start.AddSeconds(10 * w++), 10, Start).Score.Flagged);
            for (var quiet = 0; quiet < 5; quiet++)
            {
                detector.Observe("t", "sensor", Quiet(random), 3, Start.AddSeconds(10 * w++), 10, Start);
            }
        }

        Assert.Empty(state.Alerts);
        Assert.Equal(0, state.WindowsFlagged);
    }

    [Fact]
    public void AWindowFlaggedByItselfAddsNothingToThePersistentDeviation()
    {
        var (state, detector, random, w) = Warm(seed: 12);

        // Had the odd window's score (10 or more) added up, the suspect window after it would reach the limit.
        Assert.True(detector.Observe("t", "sensor", Odd(random), 3, Start.AddSeconds(10 * w++), 10, Start).Score.Flagged);
        var next = detector.Observe("t", "sensor", Busy(random), 3, Start.AddSeconds(10 * w), 10, Start).Score;

        Assert.InRange(next.Score, Options.SuspectScore, Options.FlagScore - 0.001);
        Assert.False(next.Flagged);
        Assert.Empty(state.Alerts);
    }

    [Fact]
    public void ALastingChangeIsAlertedOnceThenLearntAndItsAlertClears()
    {
        var (state, detector, random, w) = Warm(seed: 13);
        var learnt = state.Baseline.Windows;

        // Two hours of the busier traffic: flagged for its persistence, yet learnt once each window's probation ends.
        var outcomes = new List<DetectionOutcome>();
        for (var i = 0; i < 720; i++)
        {
            outcomes.Add(detector.Observe("t", "sensor", Busy(random), 3, Start.AddSeconds(10 * w++), 10, Start));
        }

        Assert.Contains(outcomes, o => o.Score.Flagged);
        Assert.Equal(0, state.Baseline.Flagged);
        Assert.True(state.Baseline.Windows > learnt + 300, $"{state.Baseline.Windows - learnt} busy windows learnt");
        Assert.False(outcomes[^1].Score.Flagged);
        var alert = Assert.Single(state.Alerts);
        Assert.Equal((AlertStatus.Cleared, "auto"), (alert.Status, alert.ClearedBy));
    }

    /// <summary>A detector whose own baseline learnt <paramref name="windows"/> quiet windows; returns the next window's number.</summary>
    private static (DetectionState State, TwinDetector Detector, Random Random, int Next) Warm(
        int seed, DetectionOptions? options = null, int windows = 2_000, int schemaVersion = 3, int windowSeconds = 10)
    {
        options ??= Options;
        var state = new DetectionState();
        var detector = new TwinDetector(state, options, peers: null, new WindowScorer(new ScoringOptions { FlagScore = options.FlagScore }));
        var random = new Random(seed);
        var w = 0;
        for (; w < windows; w++)
        {
            detector.Observe("t", "sensor", Quiet(random), schemaVersion, Start.AddSeconds(windowSeconds * w), windowSeconds, Start);
        }

        return (state, detector, random, w);
    }

    /// <summary>A quiet window with three times the packets out: suspect, not anomalous.</summary>
    private static double[] Busy(Random random)
    {
        var values = Quiet(random);
        values[(int)NetworkFeature.PacketsOut] = 20;
        return values;
    }

    /// <summary>A quiet window that talks to three hosts, two of them new: suspect, not anomalous.</summary>
    private static double[] Chatty(Random random)
    {
        var values = Quiet(random);
        values[(int)NetworkFeature.DistinctDestinationIps] = 3;
        values[(int)NetworkFeature.NewDestinations] = 2;
        return values;
    }

    /// <summary>A quiet window that talks to six hosts at once: anomalous, far from critical.</summary>
    private static double[] Odd(Random random)
    {
        var values = Quiet(random);
        values[(int)NetworkFeature.DistinctDestinationIps] = 6;
        values[(int)NetworkFeature.PacketsOut] = 40;
        values[(int)NetworkFeature.NewDestinations] = 5;
        return values;
    }
}
