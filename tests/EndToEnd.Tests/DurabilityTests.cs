using System.Net;
using System.Text.Json;
using DigitalTwin.EndToEnd.Tests.Infrastructure;
using DigitalTwin.TestSupport;
using Xunit.Abstractions;

namespace DigitalTwin.EndToEnd.Tests;

/// <summary>
/// With PostgreSQL configured, what a silo acknowledged or answered survives a restart and a
/// <c>kill -9</c>: twins, telemetry history and the directory are read back from a new silo.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class DurabilityTests(PostgresDatabase postgres, ITestOutputHelper output)
{
    [Fact]
    public async Task ARestartedSiloReadsBackTwinsTelemetryAndTheDirectory()
    {
        var settings = PostgresDatabase.SiloSettings(await postgres.CreateAsync());
        var id = DeviceTelemetryTests.NewId("kept");
        string seriesId;
        JsonElement before;
        await using (var first = await SiloProcess.StartAsync(settings))
        {
            var created = await ApiCall.SendAsync(first.Http, HttpMethod.Post, "/api/v1/twins",
                $$$"""{"id":"{{{id}}}","type":"environmental_monitor","metadata":{"location":"building-1","floor":3}}""");
            Assert.True(created.Status == HttpStatusCode.Created, created.ToString());
            Assert.Equal(HttpStatusCode.OK, (await ApiCall.SendAsync(first.Http, HttpMethod.Post, $"/api/v1/twins/{id}/activate")).Status);
            Assert.Equal(HttpStatusCode.OK, (await ApiCall.SendAsync(first.Http, HttpMethod.Put, $"/api/v1/twins/{id}/state", """{"setpoint":21.5}""")).Status);
            var mqtt = new Mosquitto(first.MqttPort);
            Assert.Equal(0, (await mqtt.PublishAsync($"device/{id}/telemetry", """{"temperature":19.25,"mode":"eco"}""")).ExitCode);
            seriesId = await TelemetryHistoryTests.PublishSeriesAsync(mqtt, first);
            before = await Eventually.GetAsync(
                () => first.GetDataAsync($"/api/v1/twins/{id}"),
                twin => twin.GetProperty("messages").GetProperty("accepted").GetInt64() == 1,
                what: $"twin {id}");

            Assert.True(await first.TerminateAsync(TimeSpan.FromSeconds(30)), "the silo did not stop within 30 s");
            var errors = first.LoggedErrors();
            Assert.True(errors.Count == 0, $"the silo logged errors while stopping:\n{string.Join("\n", errors)}");
        }

        await using var second = await SiloProcess.StartAsync(settings);
        var after = await second.GetDataAsync($"/api/v1/twins/{id}");
        foreach (var property in new[] { "type", "lifecycle", "version", "state", "metadata", "messages", "created_at", "last_updated" })
        {
            Assert.Equal(before.GetProperty(property).GetRawText(), after.GetProperty(property).GetRawText());
        }

        var telemetry = await second.GetDataAsync($"/api/v1/twins/{id}/telemetry");
        Assert.Equal(19.25, Assert.Single(telemetry.GetProperty("telemetry").EnumerateArray()).GetProperty("temperature").GetDouble());

        var start = Uri.EscapeDataString(TelemetryHistoryTests.SeriesStart.ToString("O"));
        var end = Uri.EscapeDataString(TelemetryHistoryTests.SeriesStart.AddMinutes(2).ToString("O"));
        TelemetryHistoryTests.AssertSeriesAggregates(
            await second.GetDataAsync($"/api/v1/twins/{seriesId}/telemetry?start={start}&end={end}&interval=1m&agg=avg"),
            await second.GetDataAsync($"/api/v1/twins/{seriesId}/telemetry?start={start}&end={end}&interval=60000&agg=count&keys=mode"));
        var series = await second.GetDataAsync($"/api/v1/twins/{seriesId}/telemetry?limit=100");
        Assert.Equal(4, series.GetProperty("count").GetInt32());

        var health = await second.GetDataAsync("/api/v1/system/health");
        Assert.Equal("healthy", health.GetProperty("checks").GetProperty("postgres").GetProperty("status").GetString());

        var listing = await second.GetDataAsync("/api/v1/twins?type=environmental_monitor");
        Assert.Contains(listing.GetProperty("twins").EnumerateArray(), t => t.GetProperty("id").GetString() == id);
    }

    [Fact]
    public async Task AGracefulStopWhileManyTwinsAreBusyLogsNoErrorAndLosesNothing()
    {
        // Snapshots far apart and flushes often: every twin is still unsaved, its flush timer ticking fast, when the stop comes.
        var settings = PostgresDatabase.SiloSettings(await postgres.CreateAsync());
        settings["Twins:SnapshotInterval"] = "01:00:00";
        settings["Twins:DirectoryUpdateInterval"] = "00:00:00.05";
        var prefix = DeviceTelemetryTests.NewId("busy");
        const int twins = 300;
        await using (var first = await SiloProcess.StartAsync(settings))
        {
            await SiloShutdownTests.PublishToTwinsAsync(first, prefix, twins);

            Assert.True(await first.TerminateAsync(TimeSpan.FromSeconds(30)), "the silo did not stop within 30 s");
            var errors = first.LoggedErrors();
            Assert.True(errors.Count == 0, $"the silo logged errors while stopping:\n{string.Join("\n", errors)}");
        }

        await using var second = await SiloProcess.StartAsync(settings);
        for (var i = 0; i < twins; i++)
        {
            var twin = await second.GetDataAsync($"/api/v1/twins/{prefix}-{i}");
            Assert.Equal(1, twin.GetProperty("messages").GetProperty("accepted").GetInt64());
        }
    }

    [Fact]
    public async Task TheDeliveryThatActivatesATwinIsAppliedOnceAndCountedAsRedelivered()
    {
        // The activation replays the logged message before its live delivery arrives, which then finds it applied.
        await using var silo = await SiloProcess.StartAsync(PostgresDatabase.SiloSettings(await postgres.CreateAsync()));
        var id = DeviceTelemetryTests.NewId("activated");

        Assert.Equal(0, (await new Mosquitto(silo.MqttPort).PublishAsync($"device/{id}/telemetry", """{"type":"sensor","temperature":1}""")).ExitCode);

        await silo.TwinWhenAsync(id, twin => twin.GetProperty("messages").GetProperty("accepted").GetInt64() == 1, what: "the twin discovered");
        var metrics = await Eventually.GetAsync(
            () => silo.GetDataAsync("/api/v1/system/metrics"),
            m => m.GetProperty("messages").GetProperty("redelivered").GetInt64() >= 1,
            what: "the live delivery skipped");
        Assert.Equal(1, metrics.GetProperty("messages").GetProperty("accepted").GetInt64());
        Assert.Equal(1, (await silo.GetDataAsync($"/api/v1/twins/{id}")).GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task AMessageItsTwinRefusedIsNotInTheTelemetryHistory()
    {
        // The log is written before the twin judges a message (the PUBACK means queued), and the log is the history:
        // a message the twin refused must leave it again.
        await using var silo = await SiloProcess.StartAsync(PostgresDatabase.SiloSettings(await postgres.CreateAsync()));
        var id = DeviceTelemetryTests.NewId("refused");
        var created = await ApiCall.SendAsync(silo.Http, HttpMethod.Post, "/api/v1/twins", $$"""{"id":"{{id}}","type":"sensor"}""");
        Assert.True(created.Status == HttpStatusCode.Created, created.ToString());
        Assert.Equal(HttpStatusCode.OK, (await ApiCall.SendAsync(silo.Http, HttpMethod.Post, $"/api/v1/twins/{id}/activate")).Status);
        var mqtt = new Mosquitto(silo.MqttPort);

        Assert.Equal(0, (await mqtt.PublishAsync($"device/{id}/telemetry", """{"temperature":1}""")).ExitCode);
        await silo.TwinWhenAsync(id, twin => twin.GetProperty("messages").GetProperty("accepted").GetInt64() == 1, what: "the first reading");
        Assert.Equal(HttpStatusCode.OK, (await ApiCall.SendAsync(silo.Http, HttpMethod.Post, $"/api/v1/twins/{id}/suspend")).Status);
        Assert.Equal(0, (await mqtt.PublishAsync($"device/{id}/telemetry", """{"temperature":2}""")).ExitCode);
        await silo.TwinWhenAsync(id, twin => twin.GetProperty("messages").GetProperty("ignored").GetInt64() == 1, what: "the reading while suspended");
        Assert.Equal(HttpStatusCode.OK, (await ApiCall.SendAsync(silo.Http, HttpMethod.Post, $"/api/v1/twins/{id}/activate")).Status);
        Assert.Equal(0, (await mqtt.PublishAsync($"device/{id}/telemetry", """{"temperature":3}""")).ExitCode);
        await silo.TwinWhenAsync(id, twin => twin.GetProperty("messages").GetProperty("accepted").GetInt64() == 2, what: "the reading after resuming");

        var history = await silo.GetDataAsync($"/api/v1/twins/{id}/telemetry?limit=100");

        Assert.Equal([3.0, 1.0], history.GetProperty("telemetry").EnumerateArray().Select(point => point.GetProperty("temperature").GetDouble()));
    }

    [Fact]
    public async Task ASiloRestartedOnANewEndpointAfterKillNineDoesNotWaitForTheDeadOne()
    {
        // Orleans recognises a killed predecessor on the same address and port by itself; on a new endpoint (a new pod
        // IP, here a new port) a joining silo would wait until the dead one's heartbeat went stale, its broker closed.
        var settings = PostgresDatabase.SiloSettings(await postgres.CreateAsync());
        var first = await SiloProcess.StartAsync(settings);
        await first.KillAsync();
        await first.DisposeAsync();

        await using var second = await SiloProcess.StartAsync(settings);
        var id = DeviceTelemetryTests.NewId("rejoin");
        var (exit, output) = await new Mosquitto(second.MqttPort).PublishAsync($"device/{id}/telemetry", """{"temperature":20}""", clientId: id);
        Assert.True(exit == 0, $"mosquitto_pub exited {exit}: {output}\n{await second.SettledLogAsync()}");

        Assert.Contains(second.Log, line => line.Contains("dead before joining", StringComparison.Ordinal));
        Assert.DoesNotContain(second.Log, line => line.Contains("Failed to get ping responses", StringComparison.Ordinal));
    }

    [Fact]
    public async Task KillNineLosesNoAcknowledgedMessage()
    {
        // Snapshots far apart: after the kill, the twins' state can only come back from the message log.
        var settings = PostgresDatabase.SiloSettings(await postgres.CreateAsync());
        settings["Twins:SnapshotInterval"] = "01:00:00";
        var first = await SiloProcess.StartAsync(settings);
        var devices = Enumerable.Range(0, 5).Select(i => new AckCountingDevice(DeviceTelemetryTests.NewId($"k9-{i}"), [first.MqttPort], 0)).ToList();
        using var stop = new CancellationTokenSource();
        var running = devices.Select(d => d.RunAsync(TimeSpan.FromMilliseconds(5), stop.Token)).ToList();

        // Kill once every device has had plenty acknowledged, however slow this machine is right now (a fixed
        // three seconds saw 38 on a loaded CI runner); the devices are still publishing when the silo dies.
        await Eventually.GetAsync(
            () => Task.FromResult(devices.Min(d => d.Acked.Count)), acked => acked >= 20, TimeSpan.FromSeconds(60), "20 acknowledged messages per device");
        await first.KillAsync();
        await stop.CancelAsync();
        await Task.WhenAll(running);
        await first.DisposeAsync();

        await using var second = await SiloProcess.StartAsync(settings);
        var acknowledged = await AssertNothingAcknowledgedIsMissingAsync(second, devices);
        output.WriteLine($"kill -9 of the only silo: {acknowledged} messages acknowledged, 0 missing after restart");
    }

    [Fact]
    public async Task WhilePostgreSqlIsDownNothingIsAcknowledgedAndHealthSaysWhy()
    {
        await using var server = await TestSupport.PostgresServer.StartAsync();
        var settings = PostgresDatabase.SiloSettings(await server.CreateDatabaseAsync("down"));
        settings["Mqtt:HandOffTimeout"] = "00:00:02";
        await using var silo = await SiloProcess.StartAsync(settings);
        var device = new AckCountingDevice(DeviceTelemetryTests.NewId("pgdown"), [silo.MqttPort], 0);

        // The same device is acknowledged while PostgreSQL is up: its silence later is the outage's doing, not a
        // device or a path that never worked.
        await RunUntilAsync(device, d => d.Acked.Count >= 3, "acknowledged while PostgreSQL is up");
        var acknowledged = device.Acked.Count;
        await server.StopAsync();

        // A publish the silo cannot make durable closes the connection and the device connects again: three
        // accepted connections while PostgreSQL is down prove the broker took the device in and at least two
        // publishes went unacknowledged, not that the device could not connect at all.
        var connections = device.Connections;
        await RunUntilAsync(device, d => d.Connections >= connections + 3, "three connections while PostgreSQL is down");

        Assert.Equal(acknowledged, device.Acked.Count);
        var health = await ApiCall.SendAsync(silo.Http, HttpMethod.Get, "/api/v1/system/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.Status);
        Assert.Contains("postgres", health.Body.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);

        // The outage shows in the metrics, while readiness stays: every silo shares the database, and taking them all
        // out of service would turn a blip into an outage.
        await Eventually.GetAsync(
            async () => (await PrometheusScrape.ReadAsync(silo.Http)).Sum("dtn_health_status", "check=\"postgres\""),
            status => status == 0,
            TimeSpan.FromSeconds(30),
            "dtn_health_status{check=\"postgres\"} at 0 (unhealthy)");
        using (var ready = await silo.Http.GetAsync("/health/ready"))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }

        // A write the twin cannot store is the dependency's failure, not the server's: 503, with what to do.
        var refused = await ApiCall.SendAsync(silo.Http, HttpMethod.Post, "/api/v1/twins", $$"""{"id":"{{DeviceTelemetryTests.NewId("pgdown-api")}}","type":"probe"}""");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.Status);
        Assert.Equal("SERVICE_UNAVAILABLE", refused.ErrorCode);
        Assert.DoesNotContain("unexpected", refused.Body.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhenPostgreSqlComesBackTheSameSiloAcknowledgesAndAnswersAgain()
    {
        await using var server = await TestSupport.PostgresServer.StartAsync();
        var settings = PostgresDatabase.SiloSettings(await server.CreateDatabaseAsync("back"));
        settings["Mqtt:HandOffTimeout"] = "00:00:02";
        await using var silo = await SiloProcess.StartAsync(settings);
        var device = new AckCountingDevice(DeviceTelemetryTests.NewId("pgback"), [silo.MqttPort], 0);
        using var stop = new CancellationTokenSource();
        var running = device.RunAsync(TimeSpan.FromMilliseconds(20), stop.Token);
        await Eventually.GetAsync(() => Task.FromResult(device.Acked.Count), n => n >= 30, TimeSpan.FromSeconds(60), "acknowledged before the outage");

        await server.StopAsync();

        // The first closed connection after the stop: what was acknowledged until then was durable before the
        // outage, and the message in flight is re-sent. The device connects again and is refused again.
        var failovers = device.Failovers;
        await Eventually.GetAsync(() => Task.FromResult(device.Failovers), n => n > failovers, TimeSpan.FromSeconds(30), "a publish refused by the outage");
        var acknowledged = device.Acked.Count;
        var connections = device.Connections;
        await Eventually.GetAsync(() => Task.FromResult(device.Connections), n => n >= connections + 2, TimeSpan.FromSeconds(30), "a reconnect refused again");
        Assert.Equal(acknowledged, device.Acked.Count);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await ApiCall.SendAsync(silo.Http, HttpMethod.Get, "/api/v1/system/health")).Status);

        await server.StartAgainAsync();

        await Eventually.GetAsync(() => Task.FromResult(device.Acked.Count), n => n >= acknowledged + 30, TimeSpan.FromSeconds(90), "acknowledged again after PostgreSQL came back");
        await Eventually.GetAsync(
            async () => (await ApiCall.SendAsync(silo.Http, HttpMethod.Get, "/api/v1/system/health")).Status,
            status => status == HttpStatusCode.OK,
            TimeSpan.FromSeconds(60),
            "healthy again");
        var created = DeviceTelemetryTests.NewId("pgback-api");
        Assert.Equal(HttpStatusCode.Created, (await ApiCall.SendAsync(silo.Http, HttpMethod.Post, "/api/v1/twins", $$"""{"id":"{{created}}","type":"probe"}""")).Status);
        Assert.Equal(created, (await silo.GetDataAsync($"/api/v1/twins/{created}")).GetProperty("id").GetString());
        await stop.CancelAsync();
        await running;

        Assert.False(silo.HasExited, "the silo exited instead of riding out the outage");
        var total = await AssertNothingAcknowledgedIsMissingAsync(silo, [device]);
        output.WriteLine($"PostgreSQL stopped and started again under one silo: {total} messages acknowledged, {total - acknowledged} after it came back, 0 missing");
    }

    /// <summary>Runs the device until the condition holds, then lets it finish the message in flight and disconnect.</summary>
    private static async Task RunUntilAsync(AckCountingDevice device, Func<AckCountingDevice, bool> done, string what)
    {
        using var stop = new CancellationTokenSource();
        var running = device.RunAsync(TimeSpan.FromMilliseconds(100), stop.Token);
        try
        {
            await Eventually.GetAsync(() => Task.FromResult(device), done, TimeSpan.FromSeconds(60), what);
        }
        finally
        {
            await stop.CancelAsync();
            await running;
        }
    }

    /// <summary>
    /// Every acknowledged sequence number is in the twin's history, and the twin's state holds the last one or a later
    /// one. A PUBACK says the message is durably queued; its twin applies it a moment later (after a restart, from the
    /// queue), so this waits, bounded, until nothing is missing, then asserts on what is still missing.
    /// </summary>
    internal static async Task<int> AssertNothingAcknowledgedIsMissingAsync(SiloProcess silo, IReadOnlyList<AckCountingDevice> devices)
    {
        var acked = devices.Select(d => (d.Id, Seqs: d.Acked)).ToList();
        Assert.All(acked, a => Assert.NotEmpty(a.Seqs));
        var acknowledged = acked.Sum(a => a.Seqs.Count);
        var missing = await Eventually.UntilAsync(() => AcknowledgedMessages.MissingAsync(silo.Http, acked), m => m.Count == 0, TimeSpan.FromSeconds(60));

        Assert.True(acknowledged > 50, $"only {acknowledged} messages were acknowledged: the test proved little");
        Assert.True(missing.Count == 0, $"{missing.Count} of {acknowledged} acknowledged messages missing:\n{string.Join('\n', missing.Take(20))}");
        return acknowledged;
    }
}
