using System.Net;
using DigitalTwin.EndToEnd.Tests.Infrastructure;

namespace DigitalTwin.EndToEnd.Tests;

/// <summary>The REST API over HTTP against the real silo: envelopes, codes and the lifecycle.</summary>
[Collection(SiloCollection.Name)]
public sealed class TwinApiTests(SiloFixture fixture)
{
    private readonly SiloProcess _silo = fixture.Silo;
    private readonly Mosquitto _mqtt = fixture.Mqtt;

    [Fact]
    public async Task CreateReadReplaceAndDeleteATwin()
    {
        var id = DeviceTelemetryTests.NewId("crud");
        var created = await Send(HttpMethod.Post, "/api/v1/twins", $$$"""{"id":"{{{id}}}","type":"smart_light","metadata":{"location":"Room A","floor":2},"properties":{"serial":"SN-1"}}""");
        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal("success", created.Body.GetProperty("status").GetString());
        Assert.Equal("pending", created.Data.GetProperty("lifecycle").GetString());
        Assert.Equal("Room A", created.Data.GetProperty("metadata").GetProperty("location").GetString());
        Assert.Equal(1, created.Data.GetProperty("version").GetInt64());

        var again = await Send(HttpMethod.Post, "/api/v1/twins", $$"""{"id":"{{id}}","type":"smart_light"}""");
        Assert.Equal(HttpStatusCode.Conflict, again.Status);
        Assert.Equal("TWIN_ALREADY_EXISTS", again.ErrorCode);

        var replaced = await Send(HttpMethod.Put, $"/api/v1/twins/{id}", """{"type":"smart_light_v2","metadata":{"location":"Room B"}}""");
        Assert.Equal(HttpStatusCode.OK, replaced.Status);
        Assert.Equal("smart_light_v2", replaced.Data.GetProperty("type").GetString());
        Assert.Equal(2, replaced.Data.GetProperty("version").GetInt64());

        var metadata = await Send(HttpMethod.Put, $"/api/v1/twins/{id}/metadata", """{"location":"Room C","rack":7}""");
        Assert.Equal(HttpStatusCode.OK, metadata.Status);
        var read = await Send(HttpMethod.Get, $"/api/v1/twins/{id}/metadata");
        Assert.Equal(7, read.Data.GetProperty("metadata").GetProperty("rack").GetInt32());

        var state = await Send(HttpMethod.Put, $"/api/v1/twins/{id}/state", """{"brightness":75,"on":true}""");
        Assert.Equal(HttpStatusCode.OK, state.Status);
        var readState = await Send(HttpMethod.Get, $"/api/v1/twins/{id}/state");
        Assert.Equal(75, readState.Data.GetProperty("state").GetProperty("brightness").GetInt32());
        Assert.True(readState.Data.GetProperty("state_updated_at").TryGetProperty("on", out _));

        var deleted = await Send(HttpMethod.Delete, $"/api/v1/twins/{id}");
        Assert.Equal(HttpStatusCode.OK, deleted.Status);
        var gone = await Send(HttpMethod.Get, $"/api/v1/twins/{id}");
        Assert.Equal(HttpStatusCode.NotFound, gone.Status);
        Assert.Equal("TWIN_NOT_FOUND", gone.ErrorCode);
        Assert.Equal("error", gone.Body.GetProperty("status").GetString());
    }

    [Fact]
    public async Task ATwinRecreatedAfterDeletionGoesOnCountingVersionsAndIsListed()
    {
        var id = DeviceTelemetryTests.NewId("again");
        var type = "again_" + Guid.NewGuid().ToString("N")[..8];
        await Send(HttpMethod.Post, "/api/v1/twins", $$"""{"id":"{{id}}","type":"{{type}}"}""");
        var before = (await Send(HttpMethod.Put, $"/api/v1/twins/{id}/state", """{"level":1}""")).Data.GetProperty("version").GetInt64();
        Assert.Equal(HttpStatusCode.OK, (await Send(HttpMethod.Delete, $"/api/v1/twins/{id}")).Status);

        await _mqtt.PublishAsync($"device/{id}/telemetry", $$"""{"type":"{{type}}","level":2}""");
        var listed = await Eventually.GetAsync(
            () => Send(HttpMethod.Get, $"/api/v1/twins?type={type}"),
            c => c.Data.GetProperty("count").GetInt32() == 1 && c.Data.GetProperty("twins")[0].GetProperty("state").TryGetProperty("level", out var level) && level.GetInt32() == 2,
            what: "re-created twin listed");
        var twin = listed.Data.GetProperty("twins")[0];
        Assert.True(twin.GetProperty("version").GetInt64() > before + 1, twin.ToString());
        Assert.True((await Send(HttpMethod.Get, $"/api/v1/twins/{id}")).Data.GetProperty("metadata").GetProperty("auto_discovered").GetBoolean());
    }

    [Fact]
    public async Task AStateWriteOlderThanEveryFieldIsRefusedAndChangesNothing()
    {
        // Only a device clock ahead of the server's, within Twins:FutureTimestampTolerance, can make every field
        // newer than a write stamped with the server time. A silo of its own trusts device clocks up to the whole
        // skew, so 120 s ahead orders by the device time and the write is stale whatever the machine's load.
        await using var silo = await SiloProcess.StartAsync(new Dictionary<string, string> { ["Twins:FutureTimestampTolerance"] = "00:05:00" });
        var id = DeviceTelemetryTests.NewId("stalew");
        var ahead = DeviceTelemetryTests.Now() + 120;
        await new Mosquitto(silo.MqttPort).PublishAsync($"device/{id}/telemetry", $$"""{"timestamp":{{ahead}},"temperature":30}""");
        var before = await Eventually.GetAsync(
            () => ApiCall.SendAsync(silo.Http, HttpMethod.Get, $"/api/v1/twins/{id}"),
            c => c.Status == HttpStatusCode.OK && c.Data.GetProperty("state").TryGetProperty("temperature", out _),
            what: "twin created with the device's temperature");

        var write = await ApiCall.SendAsync(silo.Http, HttpMethod.Put, $"/api/v1/twins/{id}/state", """{"temperature":10}""");
        Assert.Equal(HttpStatusCode.Conflict, write.Status);
        Assert.Equal("STALE_WRITE", write.ErrorCode);
        var after = await ApiCall.SendAsync(silo.Http, HttpMethod.Get, $"/api/v1/twins/{id}");
        Assert.Equal(before.Data.GetProperty("version").GetInt64(), after.Data.GetProperty("version").GetInt64());
        Assert.Equal(30, after.Data.GetProperty("state").GetProperty("temperature").GetInt32());
        Assert.Empty(silo.LoggedErrors());
    }

    [Fact]
    public async Task DeletingATwinIsPublished()
    {
        var id = DeviceTelemetryTests.NewId("delpub");
        await Send(HttpMethod.Post, "/api/v1/twins", $$"""{"id":"{{id}}","type":"sensor"}""");
        using var updates = await _mqtt.SubscribeAsync(id + "-watch", $"twin/{id}/update");

        Assert.Equal(HttpStatusCode.OK, (await Send(HttpMethod.Delete, $"/api/v1/twins/{id}")).Status);
        var line = await updates.WaitForLineAsync(l => l.Contains("\"deleted\":true", StringComparison.Ordinal), "deletion update");
        Assert.Contains($"\"twin_id\":\"{id}\"", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LifecycleFollowsTheSeedRules()
    {
        var id = DeviceTelemetryTests.NewId("life");
        await Send(HttpMethod.Post, "/api/v1/twins", $$"""{"id":"{{id}}","type":"sensor"}""");

        var suspendPending = await Send(HttpMethod.Post, $"/api/v1/twins/{id}/suspend");
        Assert.Equal(HttpStatusCode.Conflict, suspendPending.Status);
        Assert.Equal("INVALID_LIFECYCLE_TRANSITION", suspendPending.ErrorCode);

        Assert.Equal("active", (await Send(HttpMethod.Post, $"/api/v1/twins/{id}/activate")).Data.GetProperty("lifecycle").GetString());
        Assert.Equal("suspended", (await Send(HttpMethod.Post, $"/api/v1/twins/{id}/suspend")).Data.GetProperty("lifecycle").GetString());

        // A suspended twin ignores device traffic but keeps its data.
        await _mqtt.PublishAsync($"device/{id}/telemetry", """{"temperature":40}""");
        var suspended = await Eventually.GetAsync(
            () => Send(HttpMethod.Get, $"/api/v1/twins/{id}"),
            c => c.Data.GetProperty("messages").GetProperty("ignored").GetInt64() == 1,
            what: "message ignored while suspended");
        Assert.False(suspended.Data.GetProperty("state").TryGetProperty("temperature", out _));

        Assert.Equal("active", (await Send(HttpMethod.Post, $"/api/v1/twins/{id}/activate")).Data.GetProperty("lifecycle").GetString());
        Assert.Equal("decommissioned", (await Send(HttpMethod.Post, $"/api/v1/twins/{id}/decommission")).Data.GetProperty("lifecycle").GetString());

        var reactivate = await Send(HttpMethod.Post, $"/api/v1/twins/{id}/activate");
        Assert.Equal(HttpStatusCode.Conflict, reactivate.Status);
        Assert.Equal("TWIN_DECOMMISSIONED", reactivate.ErrorCode);
        var write = await Send(HttpMethod.Put, $"/api/v1/twins/{id}/state", """{"temperature":1}""");
        Assert.Equal(HttpStatusCode.Conflict, write.Status);

        using var errors = await _mqtt.SubscribeAsync(id + "-errors", $"device/{id}/error");
        await _mqtt.PublishAsync($"device/{id}/telemetry", """{"temperature":41}""");
        var line = await errors.WaitForLineAsync(l => l.Contains("TWIN_DECOMMISSIONED", StringComparison.Ordinal), "decommissioned error");
        Assert.Contains(id, line, StringComparison.Ordinal);

        // Its refusal counted shows the twin has taken the message in, so its state shows all the message did to it.
        var twin = await Eventually.GetAsync(
            () => Send(HttpMethod.Get, $"/api/v1/twins/{id}"),
            c => c.Data.GetProperty("messages").GetProperty("rejected").GetInt64() >= 1,
            what: "the refusal counted by the decommissioned twin");
        Assert.False(twin.Data.GetProperty("state").TryGetProperty("temperature", out _));
        Assert.Equal(1, twin.Data.GetProperty("messages").GetProperty("rejected").GetInt64());
    }

    [Fact]
    public async Task ListingFiltersPagesAndCountsFromTheDirectory()
    {
        var type = "list_" + Guid.NewGuid().ToString("N")[..8];
        var ids = Enumerable.Range(0, 5).Select(i => $"{type.Replace('_', '-')}-{i}").ToList();
        foreach (var id in ids)
        {
            await Send(HttpMethod.Post, "/api/v1/twins", $$"""{"id":"{{id}}","type":"{{type}}"}""");
        }

        await Send(HttpMethod.Post, $"/api/v1/twins/{ids[0]}/activate");
        var page = await Eventually.GetAsync(
            () => Send(HttpMethod.Get, $"/api/v1/twins?type={type}&limit=2&offset=1"),
            c => c.Data.GetProperty("count").GetInt32() == 5,
            what: "five twins listed");
        var listed = page.Data.GetProperty("twins").EnumerateArray().Select(t => t.GetProperty("id").GetString()).ToList();
        Assert.Equal(ids.Skip(1).Take(2), listed);
        Assert.Equal(2, page.Data.GetProperty("limit").GetInt32());

        var active = await Eventually.GetAsync(
            () => Send(HttpMethod.Get, $"/api/v1/twins?type={type}&lifecycle=active"),
            c => c.Data.GetProperty("count").GetInt32() == 1,
            what: "one active twin");
        Assert.Equal(ids[0], active.Data.GetProperty("twins")[0].GetProperty("id").GetString());

        var offline = await Send(HttpMethod.Get, $"/api/v1/twins?type={type}&status=offline");
        Assert.Equal(5, offline.Data.GetProperty("count").GetInt32());
        var online = await Send(HttpMethod.Get, $"/api/v1/twins?type={type}&status=online");
        Assert.Equal(0, online.Data.GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task SystemEndpointsReportHealthAndMetrics()
    {
        var health = await Send(HttpMethod.Get, "/api/v1/system/health");
        Assert.Equal(HttpStatusCode.OK, health.Status);
        Assert.Equal("healthy", health.Data.GetProperty("status").GetString());
        foreach (var check in new[] { "orleans_cluster", "mqtt_broker", "twin_directory" })
        {
            Assert.Equal("healthy", health.Data.GetProperty("checks").GetProperty(check).GetProperty("status").GetString());
        }

        var id = DeviceTelemetryTests.NewId("metric");
        await _mqtt.PublishAsync($"device/{id}/telemetry", """{"temperature":1}""");
        var metrics = await Eventually.GetAsync(
            () => Send(HttpMethod.Get, "/api/v1/system/metrics"),
            c => c.Data.GetProperty("twins").GetProperty("active").GetInt32() >= 1
                && c.Data.GetProperty("messages").GetProperty("accepted").GetInt64() >= 1,
            what: "accepted message and active twin counted");
        var messages = metrics.Data.GetProperty("messages");
        Assert.True(messages.GetProperty("received").GetInt64() >= messages.GetProperty("accepted").GetInt64(), messages.ToString());
        Assert.True(metrics.Data.GetProperty("uptime_seconds").GetDouble() > 0);
        Assert.True(metrics.Data.GetProperty("rates").TryGetProperty("last10s", out _));
    }

    [Fact]
    public async Task OpenApiDocumentAndReferencePageAreServed()
    {
        var document = await Send(HttpMethod.Get, "/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, document.Status);
        var paths = document.Body.GetProperty("paths");
        foreach (var path in new[] { "/api/v1/twins", "/api/v1/twins/{id}", "/api/v1/twins/{id}/state", "/api/v1/twins/{id}/telemetry", "/api/v1/devices/{id}/health", "/api/v1/system/metrics" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"{path} missing from the OpenAPI document");
        }

        Assert.DoesNotContain(paths.EnumerateObject(), p => p.Name.StartsWith("/dashboard", StringComparison.Ordinal));
        var notFound = paths.GetProperty("/api/v1/twins/{id}").GetProperty("get").GetProperty("responses").GetProperty("404");
        Assert.Contains("ApiErrorResponse", notFound.ToString(), StringComparison.Ordinal);

        using var page = await _silo.Http.GetAsync("/docs/index.html");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        using var dashboard = await _silo.Http.GetAsync("/dashboard/");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
    }

    private Task<ApiCall> Send(HttpMethod method, string path, string? json = null) => ApiCall.SendAsync(_silo.Http, method, path, json);
}
