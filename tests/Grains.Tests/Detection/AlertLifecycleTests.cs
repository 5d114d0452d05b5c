using DigitalTwin.Detection.Scoring;
using DigitalTwin.Grains.Detection;
using DigitalTwin.Grains.Interfaces.Alerts;

namespace DigitalTwin.Grains.Tests.Detection;

public sealed class AlertLifecycleTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);
    private static readonly DetectionOptions Options = new() { AutoClearWindows = 3, AlertsPerTwin = 5, EvidencePerAlert = 5 };

    [Fact]
    public void AnAnomalousWindowRaisesAnAlertOfTheBehaviourItPointsTo()
    {
        var (state, lifecycle) = New();

        var changes = lifecycle.Observe(Window(0, SuspectedBehaviour.PortScan, 9), Start);

        var change = Assert.Single(changes);
        Assert.Equal(AlertChange.Raised, change.Change);
        var alert = Assert.Single(state.Alerts);
        Assert.Equal(("t1:1", "port_scan", AlertSeverity.Warning, AlertStatus.Active, 1L), (alert.Id, alert.Type, alert.Severity, alert.Status, alert.Windows));
        Assert.Equal((Start, Start.AddSeconds(10)), (alert.FirstSeen, alert.LastSeen));
        Assert.Equal("own", alert.Baseline);
        Assert.Single(alert.Evidence);
    }

    [Fact]
    public void LaterWindowsOfTheSameTypeUpdateTheOneActiveAlertSilently()
    {
        var (state, lifecycle) = New();
        lifecycle.Observe(Window(0, SuspectedBehaviour.PortScan, 9), Start);

        var changes = Enumerable.Range(1, 20).SelectMany(w => lifecycle.Observe(Window(w, SuspectedBehaviour.PortScan, 9 + w % 3), Start)).ToList();

        Assert.Empty(changes);
        var alert = Assert.Single(state.Alerts);
        Assert.Equal(21, alert.Windows);
        Assert.Equal(11, alert.PeakScore);
        Assert.Equal(Start.AddSeconds(210), alert.LastSeen);
        // The first windows say how it began; the rest are the latest.
        Assert.Equal([Start, Start.AddSeconds(10), Start.AddSeconds(20), Start.AddSeconds(190), Start.AddSeconds(200)], alert.Evidence.Select(e => e.WindowStart));
    }

    [Fact]
    public void AnotherTypeGetsItsOwnAlert()
    {
        var (state, lifecycle) = New();
        lifecycle.Observe(Window(0, SuspectedBehaviour.PortScan, 9), Start);

        var changes = lifecycle.Observe(Window(1, SuspectedBehaviour.DnsTunnelling, 6), Start);

        Assert.Equal(AlertChange.Raised, Assert.Single(changes).Change);
        Assert.Equal(["port_scan", "dns_tunnelling"], state.Alerts.Select(a => a.Type));
        Assert.Equal([1L, 2L], state.Alerts.Select(a => a.Number));
    }

    [Fact]
    public void AScoreFromTheCriticalLevelEscalatesOnce()
    {
        var (state, lifecycle) = New();
        lifecycle.Observe(Window(0, SuspectedBehaviour.ConnectionFlood, 9), Start);

        var escalated = lifecycle.Observe(Window(1, SuspectedBehaviour.ConnectionFlood, 40), Start);
        var later = lifecycle.Observe(Window(2, SuspectedBehaviour.ConnectionFlood, 50), Start);

        Assert.Equal(AlertChange.Escalated, Assert.Single(escalated).Change);
        Assert.Empty(later);
        Assert.Equal(AlertSeverity.Critical, Assert.Single(state.Alerts).Severity);
    }

    [Fact]
    public void NormalWindowsClearAnAlertAfterTheConfiguredCountAndAnAnomalousOneStartsItAgain()
    {
        var (state, lifecycle) = New();
        lifecycle.Observe(Window(0, SuspectedBehaviour.PortScan, 9), Start);
        lifecycle.Observe(Window(1, null, 0), Start);
        lifecycle.Observe(Window(2, null, 0), Start);

        // An anomalous window of any type keeps the host's alerts up.
        lifecycle.Observe(Window(3, SuspectedBehaviour.Unclassified, 5), Start);
        lifecycle.Observe(Window(4, null, 0), Start);
        lifecycle.Observe(Window(5, null, 0), Start);
        var cleared = lifecycle.Observe(Window(6, null, 0), Start.AddMinutes(1));

        var change = Assert.Single(cleared, c => c.Alert.Type == "port_scan");
        Assert.Equal(AlertChange.Cleared, change.Change);
        Assert.Equal((AlertStatus.Cleared, AlertLifecycle.AutoClearer, Start.AddMinutes(1)), (change.Alert.Status, change.Alert.ClearedBy, change.Alert.ClearedAt));

        var again = lifecycle.Observe(Window(7, SuspectedBehaviour.PortScan, 9), Start);
        Assert.Equal(AlertChange.Raised, Assert.Single(again).Change);
        Assert.Equal(2, state.Alerts.Count(a => a.Type == "port_scan"));
    }

    [Fact]
    public void AcknowledgingRecordsWhoAndWhenOnceAndKeepsTheAlertActive()
    {
        var (_, lifecycle) = New();
        lifecycle.Observe(Window(0, SuspectedBehaviour.Beacon, 9), Start);

        var (result, change) = lifecycle.Acknowledge(1, "alice", Start.AddMinutes(5));
        var (again, none) = lifecycle.Acknowledge(1, "bob", Start.AddMinutes(6));

        Assert.Equal(AlertWriteStatus.Done, result.Status);
        Assert.Equal(AlertChange.Acknowledged, change!.Change);
        Assert.Equal(("alice", Start.AddMinutes(5), AlertStatus.Active), (result.Alert!.AcknowledgedBy, result.Alert.AcknowledgedAt, result.Alert.Status));
        Assert.Equal(AlertWriteStatus.Unchanged, again.Status);
        Assert.Null(none);
        Assert.Equal("alice", again.Alert!.AcknowledgedBy);
    }

    [Fact]
    public void ClearingByHandEndsTheAlertAndANewWindowRaisesAFreshOne()
    {
        var (state, lifecycle) = New();
        lifecycle.Observe(Window(0, SuspectedBehaviour.Beacon, 9), Start);

        var (result, _) = lifecycle.Clear(1, "alice", Start.AddMinutes(5));
        var (again, _) = lifecycle.Clear(1, "alice", Start.AddMinutes(6));
        lifecycle.Observe(Window(1, SuspectedBehaviour.Beacon, 9), Start);

        Assert.Equal((AlertWriteStatus.Done, "alice"), (result.Status, result.Alert!.ClearedBy));
        Assert.Equal(AlertWriteStatus.Unchanged, again.Status);
        Assert.Equal([AlertStatus.Cleared, AlertStatus.Active], state.Alerts.Select(a => a.Status));
    }

    [Fact]
    public void AnUnknownAlertIsNotFoundAndChangesNothing()
    {
        var (state, lifecycle) = New();
        lifecycle.Observe(Window(0, SuspectedBehaviour.Beacon, 9), Start);
        var before = state.Alerts.ToList();

        Assert.Equal(AlertWriteStatus.AlertNotFound, lifecycle.Acknowledge(2, "alice", Start).Result.Status);
        Assert.Equal(AlertWriteStatus.AlertNotFound, lifecycle.Clear(0, "alice", Start).Result.Status);
        Assert.Equal(before, state.Alerts);
    }

    [Fact]
    public void ALifecycleChangeClearsEveryActiveAlert()
    {
        var (state, lifecycle) = New();
        lifecycle.Observe(Window(0, SuspectedBehaviour.Beacon, 9), Start);
        lifecycle.Observe(Window(1, SuspectedBehaviour.PortScan, 9), Start);

        var changes = lifecycle.ClearActive(AlertLifecycle.LifecycleClearer, Start.AddHours(1));

        Assert.Equal(2, changes.Count);
        Assert.All(state.Alerts, a => Assert.Equal((AlertStatus.Cleared, "lifecycle"), (a.Status, a.ClearedBy)));
    }

    [Fact]
    public void TheListIsBoundedDroppingTheOldestClearedFirst()
    {
        var (state, lifecycle) = New();
        lifecycle.Observe(Window(0, SuspectedBehaviour.Beacon, 9), Start);
        for (var i = 0; i < 8; i++)
        {
            lifecycle.Observe(Window(1 + 2 * i, SuspectedBehaviour.PortScan, 9), Start);
            lifecycle.Clear(state.AlertsRaised, "alice", Start);
        }

        Assert.Equal(Options.AlertsPerTwin, state.Alerts.Count);
        Assert.Contains(state.Alerts, a => a.Type == "beacon" && a.Status == AlertStatus.Active);
        Assert.Equal(9, state.AlertsRaised);
        Assert.Equal([6L, 7L, 8L, 9L], state.Alerts.Where(a => a.Type == "port_scan").Select(a => a.Number));
    }

    [Fact]
    public void ActiveAlertsAreNeverDroppedEvenBeyondTheAlertsATwinKeeps()
    {
        var state = new DetectionState();
        var lifecycle = new AlertLifecycle(state, new DetectionOptions { AlertsPerTwin = 2 });

        lifecycle.Observe(Window(0, SuspectedBehaviour.Beacon, 12), Start);
        lifecycle.Observe(Window(1, SuspectedBehaviour.PortScan, 12), Start);
        lifecycle.Observe(Window(2, SuspectedBehaviour.DnsTunnelling, 12), Start);

        Assert.Equal([1L, 2L, 3L], state.Alerts.Select(a => a.Number));
        Assert.All(state.Alerts, a => Assert.Equal(AlertStatus.Active, a.Status));

        // Once they are cleared, the next raise trims the list back to the bound.
        lifecycle.ClearActive(AlertLifecycle.LifecycleClearer, Start);
        lifecycle.Observe(Window(3, SuspectedBehaviour.Beacon, 12), Start);
        Assert.Equal([3L, 4L], state.Alerts.Select(a => a.Number));
    }

    [Fact]
    public void LoweringTheEvidencePerAlertShrinksAnAlertsEvidenceAtItsNextUpdate()
    {
        var state = new DetectionState();
        var before = new AlertLifecycle(state, new DetectionOptions { EvidencePerAlert = 10 });
        for (var i = 0; i < 12; i++)
        {
            before.Observe(Window(i, SuspectedBehaviour.PortScan, 10 + i), Start);
        }

        Assert.Equal(10, Assert.Single(state.Alerts).Evidence.Count);

        // The silo restarts with a lower setting.
        new AlertLifecycle(state, new DetectionOptions { EvidencePerAlert = 5 }).Observe(Window(12, SuspectedBehaviour.PortScan, 22), Start);

        Assert.Equal([10.0, 11, 12, 21, 22], Assert.Single(state.Alerts).Evidence.Select(e => e.Score));
    }

    private static (DetectionState State, AlertLifecycle Lifecycle) New()
    {
        var state = new DetectionState();
        return (state, new AlertLifecycle(state, Options));
    }

    /// <summary>Window <paramref name="index"/> of twin t1, anomalous towards <paramref name="behaviour"/> with <paramref name="score"/>, or normal when null.</summary>
    private static AlertObservation Window(int index, string? behaviour, double score)
    {
        var start = Start.AddSeconds(10 * index);
        var evidence = new AlertEvidence(start, score, behaviour ?? SuspectedBehaviour.Unclassified, []);
        return new AlertObservation("t1", "gateway", start, start.AddSeconds(10), behaviour is not null, score, behaviour ?? SuspectedBehaviour.Unclassified, "own", evidence);
    }
}
