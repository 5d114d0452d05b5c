using System.Diagnostics;
using System.Net;
using System.Text.Json;
using DigitalTwin.EndToEnd.Tests.Infrastructure;

namespace DigitalTwin.EndToEnd.Tests.Detection;

/// <summary>
/// Independent clients against the real silo: windows published with <c>mosquitto_pub</c> raise an alert that
/// <c>mosquitto_sub</c> sees on <c>twin/{id}/alert</c> and <c>curl</c> reads from the API in the same shape; the API
/// acknowledges and clears it, the feeds filter it by alert type, and the baseline shows what the twin learnt.
/// </summary>
[Collection(SiloCollection.Name)]
public sealed class AlertContractTests(SiloFixture fixture)
{
    private readonly SiloProcess _silo = fixture.Silo;

    [Fact]
    public async Task AnAlertRaisedOverMqttIsTheSameOnMqttAndTheApiAndPeopleAcknowledgeAndClearIt()
    {
        var id = DeviceTelemetryTests.NewId("alert");
        var type = DeviceTelemetryTests.NewId("scanned");
        var start = DetectionWindows.Start();
        var (exit, output) = await fixture.Mqtt.PublishLinesAsync($"device/{id}/network", DetectionWindows.Quiet(start, type), id);
        Assert.True(exit == 0, output);

        using var mqtt = await fixture.Mqtt.SubscribeAsync(id + "-sub", "twin/+/alert");
        await using var beacons = await FeedSocket.ConnectAsync(_silo);
        await beacons.SubscribeAsync($$"""{"action":"subscribe","twin_id":"{{id}}","alert_type":"beacon"}""");
        await using var scans = await FeedSocket.ConnectAsync(_silo);
        await scans.SubscribeAsync($$"""{"action":"subscribe","twin_id":"{{id}}","events":["anomaly_alert"],"alert_type":"port_scan"}""");
        (exit, output) = await fixture.Mqtt.PublishAsync($"device/{id}/network", DetectionWindows.PortScan(start, type), clientId: id);
        Assert.True(exit == 0, output);

        var raised = await NextAlertAsync(mqtt, id, "raised");
        Assert.Equal("anomaly_alert", raised.GetProperty("type").GetString());
        var alert = raised.GetProperty("alert");
        Assert.Equal(($"{id}:1", id, type, "port_scan", "active", "own"), (
            alert.GetProperty("id").GetString(), alert.GetProperty("twin_id").GetString(), alert.GetProperty("twin_type").GetString(),
            alert.GetProperty("type").GetString(), alert.GetProperty("status").GetString(), alert.GetProperty("baseline").GetString()));
        Assert.Contains(alert.GetProperty("evidence")[0].GetProperty("reasons").EnumerateArray(), r => r.GetProperty("feature").GetString() == "distinct_destination_ports");

        // curl, not our HTTP client, reads the alert: the same object, field for field, as MQTT carried.
        var read = await CurlAsync($"/api/v1/alerts/{id}:1");
        Assert.Equal("success", read.GetProperty("status").GetString());
        Assert.True(JsonElement.DeepEquals(alert, read.GetProperty("data")), $"API {read.GetProperty("data")}\nMQTT {alert}");
        var fed = await scans.NextAsync(f => f.GetProperty("type").GetString() == "anomaly_alert");
        Assert.True(JsonElement.DeepEquals(alert, fed.GetProperty("alert")), $"feed {fed}");

        // The alert index has it too, and the twin's own list.
        var listed = await Eventually.GetAsync(() => Get($"/api/v1/alerts?twin_id={id}"), c => c.Data.GetProperty("count").GetInt32() == 1, what: "the alert in the index");
        Assert.True(JsonElement.DeepEquals(alert, listed.Data.GetProperty("alerts")[0]));
        Assert.Equal(1, (await Get($"/api/v1/alerts?twin_id={id}&type=port_scan&status=active&acknowledged=false")).Data.GetProperty("count").GetInt32());
        Assert.Equal(0, (await Get($"/api/v1/alerts?twin_id={id}&type=beacon")).Data.GetProperty("count").GetInt32());
        Assert.Equal(1, (await Get($"/api/v1/twins/{id}/alerts?status=active")).Data.GetProperty("count").GetInt32());

        // Acknowledge, twice: the second changes nothing. An unknown number changes nothing either.
        var ack = await Send(HttpMethod.Post, $"/api/v1/alerts/{id}:1/ack");
        Assert.True(ack.Status == HttpStatusCode.OK, ack.ToString());
        Assert.Equal("api", ack.Data.GetProperty("acknowledged_by").GetString());
        var again = await Send(HttpMethod.Post, $"/api/v1/alerts/{id}:1/ack");
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.True(JsonElement.DeepEquals(ack.Data, again.Data));
        var missing = await Send(HttpMethod.Post, $"/api/v1/alerts/{id}:2/ack");
        Assert.Equal((HttpStatusCode.NotFound, "ALERT_NOT_FOUND"), (missing.Status, missing.ErrorCode));
        Assert.Equal("acknowledged", (await NextAlertAsync(mqtt, id, "acknowledged")).GetProperty("change").GetString());

        var clear = await Send(HttpMethod.Post, $"/api/v1/alerts/{id}:1/clear");
        Assert.Equal(HttpStatusCode.OK, clear.Status);
        Assert.Equal(("cleared", "api"), (clear.Data.GetProperty("status").GetString(), clear.Data.GetProperty("cleared_by").GetString()));
        var clearAgain = await Send(HttpMethod.Post, $"/api/v1/alerts/{id}:1/clear");
        Assert.True(JsonElement.DeepEquals(clear.Data, clearAgain.Data));
        await NextAlertAsync(mqtt, id, "cleared");
        Assert.Equal(1, (await Get($"/api/v1/twins/{id}/alerts?status=cleared")).Data.GetProperty("count").GetInt32());
        Assert.Equal(0, (await Get($"/api/v1/twins/{id}/alerts?status=active")).Data.GetProperty("count").GetInt32());
        await Eventually.GetAsync(() => Get($"/api/v1/alerts?twin_id={id}&status=cleared&acknowledged=true"), c => c.Data.GetProperty("count").GetInt32() == 1, what: "the cleared alert in the index");

        // The beacon subscription let every other event of the twin by, but none of its port-scan alerts: a telemetry
        // message after them all marks the end of what it could have got.
        (exit, output) = await fixture.Mqtt.PublishAsync($"device/{id}/telemetry", """{"temperature":21}""", clientId: id);
        Assert.True(exit == 0, output);
        var frames = new List<JsonElement>();
        await beacons.NextAsync(f =>
        {
            frames.Add(f);
            return f.GetProperty("type").GetString() == "twin_update";
        });
        Assert.DoesNotContain(frames, f => f.GetProperty("type").GetString() == "anomaly_alert");

        var baseline = (await Get($"/api/v1/twins/{id}/baseline")).Data;
        Assert.Equal((true, "own", 361L, 1L), (baseline.GetProperty("warm").GetBoolean(), baseline.GetProperty("scored_against").GetString(),
            baseline.GetProperty("windows_scored").GetInt64(), baseline.GetProperty("windows_flagged").GetInt64()));
        Assert.Equal(JsonValueKind.Null, baseline.GetProperty("peer").ValueKind);
        var ports = baseline.GetProperty("own").GetProperty("features").GetProperty("distinct_destination_ports");
        Assert.InRange(ports.GetProperty("centre").GetDouble(), 0.5, 1.5);

        // A feature the device never measured has no baseline: null, not NaN.
        Assert.Equal(JsonValueKind.Null, baseline.GetProperty("own").GetProperty("features").GetProperty("latency_mean").GetProperty("centre").ValueKind);
        var metrics = (await Get("/api/v1/system/metrics")).Data.GetProperty("detection");
        Assert.True(metrics.GetProperty("alerts_raised").GetInt64() >= 1 && metrics.GetProperty("windows_scored").GetInt64() >= 361, metrics.ToString());
    }

    private static async Task<JsonElement> NextAlertAsync(Subscription mqtt, string id, string change)
    {
        var prefix = $"twin/{id}/alert ";
        var line = await Eventually.GetAsync(
            () => Task.FromResult(mqtt.Lines.Where(l => l.StartsWith(prefix, StringComparison.Ordinal)).Select(l => JsonDocument.Parse(l[prefix.Length..]).RootElement.Clone())
                .FirstOrDefault(m => m.GetProperty("change").GetString() == change)),
            m => m.ValueKind == JsonValueKind.Object,
            what: $"'{change}' on twin/{id}/alert");
        return line;
    }

    private async Task<JsonElement> CurlAsync(string path)
    {
        var info = new ProcessStartInfo("curl", ["-s", "--fail-with-body", $"http://127.0.0.1:{_silo.HttpPort}{path}"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var curl = Process.Start(info)!;
        var body = await curl.StandardOutput.ReadToEndAsync();
        await curl.WaitForExitAsync();
        Assert.True(curl.ExitCode == 0, $"curl exited {curl.ExitCode}: {body}{await curl.StandardError.ReadToEndAsync()}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesTheAlertObjectAndTheListsOfThem()
    {
        var document = (await Get("/openapi/v1.json")).Body;
        var schemas = document.GetProperty("components").GetProperty("schemas");

        var alert = schemas.GetProperty("AnomalyAlert");
        string[] fields =
        [
            "id", "twin_id", "twin_type", "type", "severity", "status", "first_seen", "last_seen", "windows", "peak_score", "baseline",
            "acknowledged_by", "acknowledged_at", "cleared_by", "cleared_at", "updated_at", "evidence",
        ];
        Assert.Equal(fields, alert.GetProperty("properties").EnumerateObject().Select(p => p.Name));
        var types = alert.GetProperty("properties").GetProperty("type").GetProperty("enum").EnumerateArray().Select(t => t.GetString()).ToList();
        Assert.Contains("port_scan", types);
        Assert.Contains("unclassified", types);
        var reason = alert.GetProperty("properties").GetProperty("evidence").GetProperty("items").GetProperty("properties")
            .GetProperty("reasons").GetProperty("items").GetProperty("properties");
        Assert.True(reason.TryGetProperty("text", out _));
        var evidence = alert.GetProperty("properties").GetProperty("evidence").GetProperty("items").GetProperty("properties");
        Assert.Equal(["window_start", "score", "behaviour", "reasons", "persistence", "model"], evidence.EnumerateObject().Select(p => p.Name));
        foreach (var list in new[] { "TwinAlertsResponse", "AlertListResponse" })
        {
            var items = schemas.GetProperty(list).GetProperty("properties").GetProperty("alerts").GetProperty("items");
            Assert.Equal(fields, items.GetProperty("properties").EnumerateObject().Select(p => p.Name));
        }
    }

    private Task<ApiCall> Get(string path) => Send(HttpMethod.Get, path);

    private Task<ApiCall> Send(HttpMethod method, string path, string? json = null) => ApiCall.SendAsync(_silo.Http, method, path, json);
}
