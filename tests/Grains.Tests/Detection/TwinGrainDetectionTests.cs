using System.Text.Json;
using DigitalTwin.Behaviour.Features;
using DigitalTwin.Detection.Scoring;
using DigitalTwin.Grains.Detection;
using DigitalTwin.Grains.Interfaces.Alerts;
using DigitalTwin.Grains.Interfaces.Detection;
using DigitalTwin.Grains.Interfaces.Network;
using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.Tests.Infrastructure;

namespace DigitalTwin.Grains.Tests.Detection;

[Collection(TwinClusterCollection.Name)]
public sealed class TwinGrainDetectionTests(DiscoveringClusterFixture fixture)
{
    [Theory]
    [InlineData(SuspectedBehaviour.PortScan)]
    [InlineData(SuspectedBehaviour.DnsTunnelling)]
    [InlineData(SuspectedBehaviour.DataExfiltration)]
    [InlineData(SuspectedBehaviour.ProtocolMix)]
    [InlineData(SuspectedBehaviour.BruteForce)]
    [InlineData(SuspectedBehaviour.ConnectionFlood)]
    [InlineData(SuspectedBehaviour.TrafficSpike)]
    public async Task EachBehaviourThroughARealTwinRaisesItsAlert(string behaviour)
    {
        var (id, start) = await WarmTwinAsync();

        for (var w = 0; w < 3; w++)
        {
            await Network(id).ReceiveNetworkWindowAsync(Record(start.AddSeconds(10 * w), Anomalous(behaviour, w)), DateTimeOffset.UtcNow);
        }

        var alert = Assert.Single((await Detection(id).GetAlertsAsync())!);
        Assert.Equal((behaviour, AlertStatus.Active, 3L, "own"), (alert.Type, alert.Status, alert.Windows, alert.Baseline));
        Assert.NotEmpty(alert.Evidence[0].Reasons);
        var announced = await Eventually.UntilRecorded(() => fixture.Channel.AnomalyAlertsFor(id), a => a.Count > 0, "the raised alert on twin/{id}/alert");
        using var json = JsonDocument.Parse(Assert.Single(announced));
        Assert.Equal("anomaly_alert", json.RootElement.GetProperty("type").GetString());
        Assert.Equal("raised", json.RootElement.GetProperty("change").GetString());
        Assert.Equal($"{id}:1", json.RootElement.GetProperty("alert").GetProperty("id").GetString());
        Assert.Equal(behaviour, json.RootElement.GetProperty("alert").GetProperty("type").GetString());
    }

    [Fact]
    public async Task AnAlertIsAcknowledgedClearedByNormalTrafficAndTheBaselineShowsWhatWasLearnt()
    {
        var (id, start) = await WarmTwinAsync();
        var next = await ScanAsync(id, start);

        var ack = await Detection(id).AcknowledgeAlertAsync(1, "alice");
        var random = new Random(3);
        for (var w = 0; w < new DetectionOptions().AutoClearWindows; w++)
        {
            await Network(id).ReceiveNetworkWindowAsync(Record(next.AddSeconds(10 * w), Quiet(random)), DateTimeOffset.UtcNow);
        }

        Assert.Equal((AlertWriteStatus.Done, "alice"), (ack.Status, ack.Alert!.AcknowledgedBy));
        var alert = Assert.Single((await Detection(id).GetAlertsAsync())!);
        Assert.Equal((AlertStatus.Cleared, "auto", "alice"), (alert.Status, alert.ClearedBy, alert.AcknowledgedBy));
        var changes = await Eventually.UntilRecorded(() => fixture.Channel.AnomalyAlertsFor(id), a => a.Count >= 3, "raised, acknowledged and cleared");
        Assert.Equal(["raised", "acknowledged", "cleared"], changes.Select(c => JsonDocument.Parse(c).RootElement.GetProperty("change").GetString()));

        var baseline = (await Detection(id).GetBaselineAsync())!;
        Assert.True(baseline.Warm);
        Assert.Equal("own", baseline.ScoredAgainst);
        Assert.Null(baseline.Peer);
        Assert.Equal(360 + 30, baseline.Own.Windows);
        Assert.Equal(2, baseline.Own.Flagged);
        var ports = Assert.Single(baseline.Own.Features, f => f.Feature == "distinct_destination_ports");
        Assert.InRange(ports.Centre, 0.5, 2.5);
    }

    [Fact]
    public async Task TheAlertIndexAnswersQueriesWithEveryChangeOfATwinsAlerts()
    {
        var (id, start) = await WarmTwinAsync();
        var next = await ScanAsync(id, start);
        await Network(id).ReceiveNetworkWindowAsync(Record(next, Anomalous(SuspectedBehaviour.DnsTunnelling, 1)), DateTimeOffset.UtcNow);
        await Detection(id).AcknowledgeAlertAsync(2, "alice");

        var index = fixture.Client.GetGrain<IAlertIndexGrain>(0);
        var page = await Eventually.Until(
            () => index.QueryAsync(new AlertQuery { TwinId = id }), p => p.Alerts.Any(a => a.AcknowledgedBy is not null), "the acknowledgement in the alert index");

        Assert.Equal(2, page.Total);
        Assert.Equal([$"{id}:2", $"{id}:1"], page.Alerts.Select(a => a.Id));
        Assert.Equal([$"{id}:1"], (await index.QueryAsync(new AlertQuery { TwinId = id, Acknowledged = false })).Alerts.Select(a => a.Id));
        Assert.Equal([$"{id}:2"], (await index.QueryAsync(new AlertQuery { TwinId = id, Type = SuspectedBehaviour.DnsTunnelling })).Alerts.Select(a => a.Id));
        Assert.Equal("alice", (await index.FindAsync($"{id}:2"))!.AcknowledgedBy);
    }

    [Fact]
    public async Task SuspendingATwinClearsItsActiveAlertsAndItsWindowsRaiseNoMore()
    {
        var (id, start) = await WarmTwinAsync();
        var next = await ScanAsync(id, start);

        await fixture.Twin(id).ChangeLifecycleAsync(TwinLifecycle.Suspended);
        await Network(id).ReceiveNetworkWindowAsync(Record(next, Anomalous(SuspectedBehaviour.DnsTunnelling, 1)), DateTimeOffset.UtcNow);

        var alert = Assert.Single((await Detection(id).GetAlertsAsync())!);
        Assert.Equal((AlertStatus.Cleared, "lifecycle"), (alert.Status, alert.ClearedBy));
    }

    [Fact]
    public async Task AlertsOfAnUnknownTwinOrNumberAreNotFoundAndChangeNothing()
    {
        var (id, start) = await WarmTwinAsync();
        await ScanAsync(id, start);

        var unknownTwin = await Detection(DeviceIds.New()).AcknowledgeAlertAsync(1, "alice");
        var unknownNumber = await Detection(id).ClearAlertAsync(7, "alice");

        Assert.Equal(AlertWriteStatus.TwinNotFound, unknownTwin.Status);
        Assert.Equal(AlertWriteStatus.AlertNotFound, unknownNumber.Status);
        Assert.Equal(AlertStatus.Active, Assert.Single((await Detection(id).GetAlertsAsync())!).Status);
        Assert.Null(await Detection(DeviceIds.New()).GetBaselineAsync());
    }

    /// <summary>
    /// Two windows of a port scan, which raise its alert (one anomalous window below the critical score waits for a
    /// second, <see cref="DetectionOptions.ConfirmWindows"/>); returns where the next window starts.
    /// </summary>
    private async Task<DateTimeOffset> ScanAsync(string id, DateTimeOffset start)
    {
        for (var w = 0; w < 2; w++)
        {
            await Network(id).ReceiveNetworkWindowAsync(Record(start.AddSeconds(10 * w), Anomalous(SuspectedBehaviour.PortScan, w)), DateTimeOffset.UtcNow);
        }

        return start.AddSeconds(20);
    }

    private ITwinNetworkGrain Network(string id) => fixture.Client.GetGrain<ITwinNetworkGrain>(id);

    private ITwinDetectionGrain Detection(string id) => fixture.Client.GetGrain<ITwinDetectionGrain>(id);

    /// <summary>A twin of a type of its own that has learnt an hour of quiet windows; returns where its next window starts.</summary>
    private async Task<(string Id, DateTimeOffset Next)> WarmTwinAsync()
    {
        var id = DeviceIds.New();
        await fixture.Twin(id).CreateAsync(new TwinDefinition(DeviceIds.NewType(), [], []));
        var start = DateTimeOffset.UtcNow.AddHours(-2);
        var random = new Random(id.GetHashCode());
        for (var w = 0; w < 360; w++)
        {
            await Network(id).ReceiveNetworkWindowAsync(Record(start.AddSeconds(10 * w), Quiet(random)), DateTimeOffset.UtcNow);
        }

        return (id, start.AddSeconds(3_600));
    }

    private static NetworkWindowRecord Record(DateTimeOffset start, double[] values) => new(start, 10, values, FeatureCatalog.SchemaVersion);

    private static double[] Quiet(Random random)
    {
        var values = new double[FeatureCatalog.Count];
        values[(int)NetworkFeature.PacketsIn] = 4 + random.Next(3);
        values[(int)NetworkFeature.PacketsOut] = 5 + random.Next(3);
        values[(int)NetworkFeature.BytesIn] = 300 + random.Next(100);
        values[(int)NetworkFeature.BytesOut] = 500 + random.Next(200);
        values[(int)NetworkFeature.PacketRateMean] = 1 + random.NextDouble() * 0.2;
        values[(int)NetworkFeature.PacketRatePeak] = 2 + random.Next(2);
        values[(int)NetworkFeature.TcpRatio] = 1;
        values[(int)NetworkFeature.SessionsOpened] = random.Next(2);
        values[(int)NetworkFeature.DistinctDestinationIps] = 1;
        values[(int)NetworkFeature.DistinctDestinationPorts] = 1;
        values[(int)NetworkFeature.PayloadSizeMean] = 80 + random.Next(20);
        return values;
    }

    private static double[] Anomalous(string behaviour, int seed)
    {
        var values = Quiet(new Random(seed));
        (NetworkFeature, double)[] signature = behaviour switch
        {
            SuspectedBehaviour.PortScan => [(NetworkFeature.DistinctDestinationPorts, 312), (NetworkFeature.UnansweredSynRatio, 0.8), (NetworkFeature.FailedConnections, 60), (NetworkFeature.NewDestinations, 312)],
            SuspectedBehaviour.DnsTunnelling => [(NetworkFeature.DnsQueryRate, 3), (NetworkFeature.DnsUniqueNames, 30), (NetworkFeature.DnsNameLengthMean, 70), (NetworkFeature.DnsNameEntropyMean, 4.5), (NetworkFeature.NewDnsNames, 30), (NetworkFeature.UdpRatio, 0.6), (NetworkFeature.TcpRatio, 0.4)],
            SuspectedBehaviour.DataExfiltration => [(NetworkFeature.BytesOut, 5_000_000), (NetworkFeature.BytesOutRatio, 0.99), (NetworkFeature.BytesOutRate10m, 200_000)],
            SuspectedBehaviour.Beacon => [(NetworkFeature.PeriodicGapMean, 45), (NetworkFeature.PeriodicGapCv, 0.01), (NetworkFeature.NewDestinations, 1)],
            SuspectedBehaviour.ProtocolMix => [(NetworkFeature.IcmpRatio, 0.6), (NetworkFeature.OtherRatio, 0.2)],
            SuspectedBehaviour.BruteForce => [(NetworkFeature.TlsFailures, 20), (NetworkFeature.TlsHandshakes, 20), (NetworkFeature.TlsFailures1h, 500)],
            SuspectedBehaviour.ConnectionFlood => [(NetworkFeature.SynOut, 2_000), (NetworkFeature.RstOut, 1_400), (NetworkFeature.SessionsOpened, 2_000), (NetworkFeature.SessionsOpened1h, 300_000)],
            SuspectedBehaviour.TrafficSpike => [(NetworkFeature.PacketsIn, 20_000), (NetworkFeature.BytesIn, 20_000_000), (NetworkFeature.PacketRateMean, 2_000), (NetworkFeature.PacketRatePeak, 3_000), (NetworkFeature.PacketRate1m, 1_500)],
            _ => throw new ArgumentOutOfRangeException(nameof(behaviour)),
        };
        foreach (var (feature, value) in signature)
        {
            values[(int)feature] = value;
        }

        return values;
    }
}
