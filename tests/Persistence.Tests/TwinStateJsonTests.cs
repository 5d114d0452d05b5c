using DigitalTwin.Detection.Baselines;
using DigitalTwin.Grains.Commands;
using DigitalTwin.Grains.Detection;
using DigitalTwin.Grains.Interfaces.Alerts;
using DigitalTwin.Grains.Interfaces.Commands;
using DigitalTwin.Grains.Interfaces.Directory;
using DigitalTwin.Grains.Interfaces.Network;
using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.Interfaces.Values;
using DigitalTwin.Grains.Network;
using DigitalTwin.Grains.Twins;
using DigitalTwin.Persistence.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Storage;

namespace DigitalTwin.Persistence.Tests;

/// <summary>The twins' state goes through System.Text.Json with PostgreSQL: every part of it must survive.</summary>
[Collection(PostgresClusterCollection.Name)]
public sealed class TwinStateJsonTests(PostgresClusterFixture fixture)
{
    [Fact]
    public void TheTwinsProviderSerializesWithSystemTextJson()
    {
        Assert.IsType<SystemTextJsonGrainStorageSerializer>(Serializer());
    }

    [Fact]
    public void ATwinStateRoundTrips()
    {
        var now = new DateTimeOffset(2026, 11, 28, 9, 30, 15, 123, TimeSpan.Zero);
        var state = new TwinState
        {
            Exists = true,
            Type = "sensor",
            Lifecycle = TwinLifecycle.Active,
            Metadata = { ["site"] = FieldValue.FromText("lab") },
            Properties = { ["limit"] = FieldValue.FromNumber(12.5), ["armed"] = FieldValue.FromBoolean(true) },
            Reported = { ["temperature"] = new ReportedField(FieldValue.FromNumber(23.5), now) },
            CreatedAt = now.AddDays(-1),
            LastUpdated = now,
            Version = 7,
            AnnouncedPresence = PresenceStatus.Online,
            LastSeen = now,
            Telemetry = [new TelemetryPoint(now, [new NamedValue("temperature", FieldValue.FromNumber(23.5))])],
            AcceptedMessages = 10,
            StaleMessages = 1,
            IgnoredMessages = 2,
            RejectedMessages = 3,
            ClockSkewedMessages = 6,
            Desired = { ["setpoint"] = new DesiredField(FieldValue.FromNumber(21), now), ["mode"] = new DesiredField(FieldValue.FromText("eco"), now.AddMinutes(-1)) },
            DesiredVersion = 4,
            Commands =
            [
                new TrackedCommand
                {
                    Id = "cmd-1", Action = "set_brightness", Parameters = { ["brightness"] = FieldValue.FromNumber(75) }, Status = CommandStatus.Failed,
                    Qos = 2, Timeout = TimeSpan.FromSeconds(10), CreatedAt = now, ExpiresAt = now.AddHours(1), SentAt = now, CompletedAt = now.AddSeconds(1),
                    ResultJson = """{"code":7}""", Reason = "relay stuck", JobId = "job-1",
                },
            ],
            UnmatchedAcks = 5,
        };

        var copy = Serializer().Deserialize<TwinState>(Serializer().Serialize(state))!;

        Assert.True(copy.Exists);
        Assert.Equal("sensor", copy.Type);
        Assert.Equal(TwinLifecycle.Active, copy.Lifecycle);
        Assert.Equal(FieldValue.FromText("lab"), copy.Metadata["site"]);
        Assert.Equal(FieldValue.FromNumber(12.5), copy.Properties["limit"]);
        Assert.Equal(FieldValue.FromBoolean(true), copy.Properties["armed"]);
        Assert.Equal(new ReportedField(FieldValue.FromNumber(23.5), now), copy.Reported["temperature"]);
        Assert.Equal(now.AddDays(-1), copy.CreatedAt);
        Assert.Equal(now, copy.LastUpdated);
        Assert.Equal(7, copy.Version);
        Assert.Equal(PresenceStatus.Online, copy.AnnouncedPresence);
        Assert.Equal(now, copy.LastSeen);
        var point = Assert.Single(copy.Telemetry);
        Assert.Equal(now, point.Timestamp);
        Assert.Equal(new NamedValue("temperature", FieldValue.FromNumber(23.5)), Assert.Single(point.Values));
        Assert.Equal((10, 1, 2, 3, 6), (copy.AcceptedMessages, copy.StaleMessages, copy.IgnoredMessages, copy.RejectedMessages, copy.ClockSkewedMessages));
        Assert.Equal(new DesiredField(FieldValue.FromNumber(21), now), copy.Desired["setpoint"]);
        Assert.Equal(new DesiredField(FieldValue.FromText("eco"), now.AddMinutes(-1)), copy.Desired["mode"]);
        Assert.Equal(4, copy.DesiredVersion);
        var command = Assert.Single(copy.Commands);
        Assert.Equal(
            ("cmd-1", "set_brightness", CommandStatus.Failed, 2, TimeSpan.FromSeconds(10), now, now.AddHours(1), (DateTimeOffset?)now, (DateTimeOffset?)now.AddSeconds(1)),
            (command.Id, command.Action, command.Status, command.Qos, command.Timeout, command.CreatedAt, command.ExpiresAt, command.SentAt, command.CompletedAt));
        Assert.Equal(FieldValue.FromNumber(75), command.Parameters["brightness"]);
        Assert.Equal(("""{"code":7}""", "relay stuck", "job-1"), (command.ResultJson, command.Reason, command.JobId));
        Assert.Equal(5, copy.UnmatchedAcks);
    }

    [Fact]
    public void NetworkStatisticsKeepTheirSchemaVersion()
    {
        var start = new DateTimeOffset(2026, 11, 28, 9, 30, 0, TimeSpan.Zero);
        var state = new TwinState
        {
            NetworkWindowsAccepted = 3,
            NetworkSchemaChanges = 1,
            NetworkStatistics = new NetworkStatisticsState { Counts = [2], Means = [5], SquaredDeviations = [2], Minimums = [4], Maximums = [6], WeightedMeans = [5], SchemaVersion = 2, Windows = 2 },
            ParkedNetworkWindows = [new NetworkWindowRecord(start, 10, [1], 1), new NetworkWindowRecord(start.AddSeconds(10), 10, [2], 2)],
        };

        var copy = Serializer().Deserialize<TwinState>(Serializer().Serialize(state))!;

        Assert.Equal((2, 2L, 1L), (copy.NetworkStatistics!.SchemaVersion, copy.NetworkStatistics.Windows, copy.NetworkSchemaChanges));
        Assert.Equal([1, 2], copy.ParkedNetworkWindows.Select(w => w.SchemaVersion));
    }

    [Fact]
    public void AWindowStoredBeforeWindowsCarriedTheirVersionIsSchemaOne()
    {
        var stored = Serializer().Serialize(new TwinState { ParkedNetworkWindows = [new NetworkWindowRecord(DateTimeOffset.UnixEpoch, 10, [1], 2)] }).ToString();
        var withoutVersion = System.Text.RegularExpressions.Regex.Replace(stored, @",?""[Ss]chemaVersion"":2", "");
        Assert.NotEqual(stored, withoutVersion);

        var copy = Serializer().Deserialize<TwinState>(BinaryData.FromString(withoutVersion))!;

        Assert.Equal(1, Assert.Single(copy.ParkedNetworkWindows).SchemaVersion);
    }

    [Fact]
    public void ABaselineStoredWithSinglePrecisionWeightsLoads()
    {
        // Before double-precision bins the weights were a float[]: System.Text.Json wrote them as it writes floats.
        var baseline = BaselineState.Empty(1);
        baseline.SchemaVersion = 3;
        var stored = Serializer().Serialize(new TwinState { Detection = new DetectionState { Baseline = baseline } }).ToString();
        var floats = new float[BaselineBins.Count];
        (floats[0], floats[1], floats[2]) = (0.1f, 16_777_216f, 1e-30f);
        var old = System.Text.RegularExpressions.Regex.Replace(
            stored, @"(""[Ww]eights"":)\[[^\]]*\]", m => m.Groups[1].Value + System.Text.Json.JsonSerializer.Serialize(floats));
        Assert.NotEqual(stored, old);

        var copy = Serializer().Deserialize<TwinState>(BinaryData.FromString(old))!.Detection!.Baseline;

        Assert.Equal(floats.Select(w => (double)w), copy.Weights, (a, b) => Math.Abs(a - b) <= Math.Abs(a) * 1e-7);
        Assert.Equal(3, copy.SchemaVersion);
    }

    [Fact]
    public void AStateSavedWithThirtyTwoFeaturesLoadsAndWidens()
    {
        // What the twins provider stored before schema 3: statistics arrays and parked windows of 32 values.
        var start = new DateTimeOffset(2026, 11, 28, 9, 30, 0, TimeSpan.Zero);
        var old = new TwinState
        {
            Type = "sensor",
            NetworkWindowsAccepted = 2,
            LatestNetworkWindowStart = start.AddSeconds(10),
            NetworkStatistics = new NetworkStatisticsState
            {
                Counts = Enumerable.Repeat(2L, 32).ToArray(), Means = Enumerable.Repeat(3.0, 32).ToArray(),
                SquaredDeviations = Enumerable.Repeat(2.0, 32).ToArray(), Minimums = Enumerable.Repeat(2.0, 32).ToArray(),
                Maximums = Enumerable.Repeat(4.0, 32).ToArray(), WeightedMeans = Enumerable.Repeat(3.0, 32).ToArray(), SchemaVersion = 2, Windows = 2,
            },
            ParkedNetworkWindows =
            [
                new NetworkWindowRecord(start, 10, Enumerable.Repeat(2.0, 32).ToArray(), 2),
                new NetworkWindowRecord(start.AddSeconds(10), 10, Enumerable.Repeat(4.0, 32).ToArray(), 2),
            ],
        };
        var state = Serializer().Deserialize<TwinState>(Serializer().Serialize(old))!;

        var network = new NetworkBehaviour(state, capacity: 10);
        network.Restore(state.ParkedNetworkWindows);

        var view = network.View(new NetworkWindowQuery(null, null, 10));
        Assert.Equal((2, 2L), (view.Statistics.SchemaVersion, view.Statistics.Windows));
        Assert.Equal(Behaviour.Features.FeatureCatalog.Count, view.Statistics.Means.Length);
        Assert.Equal(3, view.Statistics.Means[0]);
        Assert.Equal(0, view.Statistics.Counts[^1]);
        Assert.All(view.Windows, w => Assert.Equal(Behaviour.Features.FeatureCatalog.Count, w.Values.Length));
        Assert.All(view.Windows, w => Assert.True(double.IsNaN(w.Values[^1])));
    }

    [Fact]
    public void ATwinsDetectionStateRoundTrips()
    {
        var now = new DateTimeOffset(2026, 12, 6, 9, 30, 15, 123, TimeSpan.Zero).AddTicks(7);
        var baseline = BaselineState.Empty(3);
        baseline.SchemaVersion = 3;
        baseline.Weights[5] = 0.75f;
        baseline.Totals[1] = 12.5;
        baseline.HourLevels[13] = 1.25f;
        baseline.HourWindows[13] = 360;
        (baseline.Windows, baseline.Seconds, baseline.Flagged) = (360, 3_600, 2);
        var reasons = new List<AlertReason>
        {
            new("distinct_destination_ports", 312, 2, 1, 9.5, true, "distinct_destination_ports 312, baseline 2 ± 1"),
            new("dns_unique_names", 30, double.NaN, double.NaN, 3.25, true, "dns_unique_names 30, nothing learnt"),
        };
        var alert = new AnomalyAlert("sensor-1", 2, "port_scan", AlertSeverity.Critical, AlertStatus.Cleared, now.AddMinutes(-5), now, 4, 17.5,
            [new AlertEvidence(now.AddMinutes(-5), 17.5, "port_scan", reasons) { Persistence = 14.5 }])
        {
            TwinType = "sensor", Baseline = "own", NormalWindows = 30, AcknowledgedBy = "alice", AcknowledgedAt = now.AddMinutes(1),
            ClearedBy = "auto", ClearedAt = now.AddMinutes(2), UpdatedAt = now.AddMinutes(2),
        };
        var state = new TwinState
        {
            Detection = new DetectionState { Baseline = baseline, Alerts = [alert], AlertsRaised = 2, WindowsScored = 400, WindowsFlagged = 4 },
        };

        var copy = Serializer().Deserialize<TwinState>(Serializer().Serialize(state))!.Detection!;

        Assert.Equal((2L, 400L, 4L), (copy.AlertsRaised, copy.WindowsScored, copy.WindowsFlagged));
        Assert.Equal((3, 360L, 3_600.0, 2L), (copy.Baseline.SchemaVersion, copy.Baseline.Windows, copy.Baseline.Seconds, copy.Baseline.Flagged));
        Assert.Equal(baseline.Weights, copy.Baseline.Weights);
        Assert.Equal(baseline.Totals, copy.Baseline.Totals);
        Assert.Equal(baseline.HourLevels, copy.Baseline.HourLevels);
        Assert.Equal(baseline.HourWindows, copy.Baseline.HourWindows);
        var read = Assert.Single(copy.Alerts);
        Assert.Equal("sensor-1:2", read.Id);
        Assert.Equal(
            (alert.Type, alert.Severity, alert.Status, alert.FirstSeen, alert.LastSeen, alert.Windows, alert.PeakScore),
            (read.Type, read.Severity, read.Status, read.FirstSeen, read.LastSeen, read.Windows, read.PeakScore));
        Assert.Equal(
            (alert.TwinType, alert.Baseline, alert.NormalWindows, alert.AcknowledgedBy, alert.AcknowledgedAt, alert.ClearedBy, alert.ClearedAt, alert.UpdatedAt),
            (read.TwinType, read.Baseline, read.NormalWindows, read.AcknowledgedBy, read.AcknowledgedAt, read.ClearedBy, read.ClearedAt, read.UpdatedAt));
        var evidence = Assert.Single(read.Evidence);
        Assert.Equal((alert.Evidence[0].WindowStart, 17.5, "port_scan", 14.5), (evidence.WindowStart, evidence.Score, evidence.Behaviour, evidence.Persistence));
        Assert.Equal(reasons[0], evidence.Reasons[0]);
        Assert.True(double.IsNaN(evidence.Reasons[1].Centre) && double.IsNaN(evidence.Reasons[1].Spread));
        Assert.Equal(reasons[1].Text, evidence.Reasons[1].Text);
    }

    [Fact]
    public void ACommandJobStateRoundTrips()
    {
        var now = new DateTimeOffset(2026, 11, 28, 9, 30, 15, 123, TimeSpan.Zero);
        var request = new CommandJobRequest
        {
            Filter = new TwinQuery { Type = "smart_light", Presence = PresenceStatus.Online, Metadata = [new TwinMetadataFilter("group", "g1")] },
            Command = new CommandRequest("turn_on", new() { ["brightness"] = FieldValue.FromNumber(40) }, TimeSpan.FromSeconds(10), TimeSpan.FromHours(1), 1),
        };
        var state = new CommandJobState
        {
            Exists = true, Request = request, Status = CommandJobStatus.Running, CreatedAt = now, Resolved = true, Error = "truncated",
            Targets = [new CommandJobTarget("light-1", "job-1.0", CommandStatus.Succeeded, null, now), new CommandJobTarget("light-2", null, null, "refused", null)],
        };

        var copy = Serializer().Deserialize<CommandJobState>(Serializer().Serialize(state))!;

        Assert.True(copy.Exists && copy.Resolved);
        Assert.Equal((CommandJobStatus.Running, now, "truncated"), (copy.Status, copy.CreatedAt, copy.Error));
        Assert.Equal(state.Targets, copy.Targets);
        Assert.Equal("smart_light", copy.Request!.Filter!.Type);
        Assert.Equal(PresenceStatus.Online, copy.Request.Filter.Presence);
        Assert.Equal(new TwinMetadataFilter("group", "g1"), Assert.Single(copy.Request.Filter.Metadata));
        Assert.Equal(("turn_on", TimeSpan.FromSeconds(10), TimeSpan.FromHours(1), 1), (copy.Request.Command.Action, copy.Request.Command.Timeout, copy.Request.Command.TimeToLive, copy.Request.Command.Qos));
        Assert.Equal(FieldValue.FromNumber(40), copy.Request.Command.Parameters["brightness"]);
    }

    private IGrainStorageSerializer Serializer() =>
        fixture.Cluster.Silos[0].ServiceProvider.GetRequiredService<IOptionsMonitor<AdoNetGrainStorageOptions>>().Get(TwinStorage.ProviderName).GrainStorageSerializer;
}
