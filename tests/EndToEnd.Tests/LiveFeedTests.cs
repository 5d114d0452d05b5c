using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using DigitalTwin.EndToEnd.Tests.Infrastructure;

namespace DigitalTwin.EndToEnd.Tests;

/// <summary>The live feeds of a real silo: WebSocket subscriptions and SSE streams fed by mosquitto_pub devices.</summary>
[Collection(SiloCollection.Name)]
public sealed class LiveFeedTests(SiloFixture fixture)
{
    private readonly SiloProcess _silo = fixture.Silo;
    private readonly Mosquitto _mqtt = fixture.Mqtt;

    [Fact]
    public async Task ASubscriberByTwinIdReceivesTheTwinsUpdatesAndPresenceUntilItUnsubscribes()
    {
        var id = DeviceTelemetryTests.NewId("ws-id");
        await using var feed = await FeedSocket.ConnectAsync(_silo);
        await feed.SendAsync($$"""{"action":"subscribe","twin_id":"{{id}}"}""");
        var confirmation = await feed.NextAsync(f => Type(f) == "subscribed");
        Assert.Equal(id, confirmation.GetProperty("filter").GetProperty("twin_id").GetString());
        Assert.Equal(1, confirmation.GetProperty("subscriptions").GetInt32());

        await PublishAsync($"device/{id}/telemetry", $$"""{"type":"thermo","temperature":21.5}""");
        var update = await feed.NextAsync(f => Type(f) == "twin_update");
        Assert.Equal(id, update.GetProperty("twin_id").GetString());
        Assert.Equal(21.5, update.GetProperty("state").GetProperty("temperature").GetDouble());
        Assert.True(update.TryGetProperty("timestamp", out _));

        await PublishAsync($"device/{id}/status", "offline");
        var presence = await feed.NextAsync(f => Type(f) == "presence" && f.GetProperty("status").GetString() == "offline");
        Assert.Equal(id, presence.GetProperty("twin_id").GetString());
        Assert.Equal("offline", presence.GetProperty("status").GetString());
        Assert.Equal("online", presence.GetProperty("previous").GetString());

        await feed.SendAsync($$"""{"action":"unsubscribe","twin_id":"{{id}}"}""");
        var unsubscribed = await feed.NextAsync(f => Type(f) != "twin_update" && Type(f) != "presence");
        Assert.Equal("unsubscribed", Type(unsubscribed));
        Assert.Equal(0, unsubscribed.GetProperty("subscriptions").GetInt32());

        // Absence is proved by a marker that must come after it: the socket now follows only the twin's presence,
        // and one twin's events reach a feed in order, so an update it still got would come before the marker.
        // Whether the telemetry brings the twin online or not, going offline afterwards is always announced.
        await feed.SubscribeAsync($$"""{"action":"subscribe","twin_id":"{{id}}","events":["presence"]}""");
        await PublishAsync($"device/{id}/telemetry", """{"temperature":22.5}""");
        await PublishAsync($"device/{id}/status", "online");
        await PublishAsync($"device/{id}/status", "offline");
        var beforeMarker = new List<JsonElement>();
        for (var frame = await feed.NextAsync(_ => true); !(Type(frame) == "presence" && frame.GetProperty("status").GetString() == "offline"); frame = await feed.NextAsync(_ => true))
        {
            beforeMarker.Add(frame);
        }

        Assert.DoesNotContain(beforeMarker, f => Type(f) == "twin_update");
    }

    [Fact]
    public async Task ASubscriberByTypeReceivesEveryTwinOfThatTypeAndOnlyTheEventTypesItAskedFor()
    {
        var type = "feedtype_" + Guid.NewGuid().ToString("N")[..8];
        var (first, second, other) = (DeviceTelemetryTests.NewId("ws-t1"), DeviceTelemetryTests.NewId("ws-t2"), DeviceTelemetryTests.NewId("ws-t3"));
        await using var feed = await FeedSocket.ConnectAsync(_silo);
        await feed.SubscribeAsync($$"""{"action":"subscribe","type":"{{type}}","events":["twin_update"]}""");

        await PublishAsync($"device/{other}/telemetry", """{"type":"another_type","level":1}""");
        await PublishAsync($"device/{first}/telemetry", $$"""{"type":"{{type}}","level":1}""");
        await PublishAsync($"device/{second}/telemetry", $$"""{"type":"{{type}}","level":2}""");

        var seen = new HashSet<string>();
        while (seen.Count < 2)
        {
            var frame = await feed.NextAsync(_ => true);
            Assert.Equal("twin_update", Type(frame));
            seen.Add(frame.GetProperty("twin_id").GetString()!);
        }

        Assert.Equal([first, second], seen.Order());
    }

    [Fact]
    public async Task HostileFramesGetErrorFramesAndTheConnectionStaysUsable()
    {
        await using var feed = await FeedSocket.ConnectAsync(_silo);

        Assert.Equal("INVALID_JSON", await ErrorAfterAsync(feed, () => feed.SendAsync("{not json")));
        Assert.Equal("UNKNOWN_ACTION", await ErrorAfterAsync(feed, () => feed.SendAsync("""{"action":"delete","twin_id":"a"}""")));
        Assert.Equal("INVALID_TWIN_ID", await ErrorAfterAsync(feed, () => feed.SendAsync("""{"action":"subscribe","twin_id":"Not An Id!"}""")));
        Assert.Equal("INVALID_TWIN_ID", await ErrorAfterAsync(feed, () => feed.SendAsync("""{"action":"subscribe","twin_id":42}""")));
        Assert.Equal("INVALID_EVENT_TYPE", await ErrorAfterAsync(feed, () => feed.SendAsync("""{"action":"subscribe","events":["everything"]}""")));
        Assert.Equal("INVALID_FRAME", await ErrorAfterAsync(feed, () => feed.SendAsync("[1,2]")));
        Assert.Equal("NOT_SUBSCRIBED", await ErrorAfterAsync(feed, () => feed.SendAsync("""{"action":"unsubscribe","twin_id":"nobody"}""")));
        Assert.Equal("FRAME_TOO_LARGE", await ErrorAfterAsync(feed, () => feed.SendAsync($$"""{"action":"subscribe","twin_id":"{{new string('a', 100_000)}}"}""")));
        Assert.Equal("BINARY_NOT_SUPPORTED", await ErrorAfterAsync(feed, () => feed.SendAsync([1, 2, 3], WebSocketMessageType.Binary)));

        // Still open and serving: a valid subscription goes through and events flow.
        var id = DeviceTelemetryTests.NewId("ws-hostile");
        await feed.SubscribeAsync($$"""{"action":"subscribe","twin_id":"{{id}}"}""");
        await PublishAsync($"device/{id}/telemetry", """{"x":1}""");
        Assert.Equal(id, (await feed.NextAsync(f => Type(f) == "twin_update")).GetProperty("twin_id").GetString());
    }

    [Fact]
    public async Task CurlReadsATwinsServerSentEvents()
    {
        var id = DeviceTelemetryTests.NewId("sse-curl");
        await PublishAsync($"device/{id}/telemetry", """{"reading":1}""");
        await WaitForVersionAsync(id, 1);

        var info = new ProcessStartInfo("curl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-sN", "--max-time", "30", $"http://127.0.0.1:{_silo.HttpPort}/api/v1/twins/{id}/events" })
        {
            info.ArgumentList.Add(arg);
        }

        using var curl = Process.Start(info)!;
        var lines = new List<string>();
        var reader = Task.Run(async () =>
        {
            while (await curl.StandardOutput.ReadLineAsync() is { } line)
            {
                lock (lines)
                {
                    lines.Add(line);
                }
            }
        });

        try
        {
            await Eventually.GetAsync(
                async () =>
                {
                    await PublishAsync($"device/{id}/telemetry", $$"""{"reading":{{DateTime.UtcNow.Ticks}}}""");
                    lock (lines)
                    {
                        // The data line comes after the event line: wait until curl has printed both.
                        var at = lines.IndexOf("event: twin_update");
                        return at >= 0 && at + 1 < lines.Count;
                    }
                },
                seen => seen,
                what: "curl saw a twin_update event");

            lock (lines)
            {
                var at = lines.IndexOf("event: twin_update");
                Assert.StartsWith("id: ", lines[at - 1]);
                Assert.StartsWith("data: {\"type\":\"twin_update\"", lines[at + 1]);
                Assert.Contains($"\"twin_id\":\"{id}\"", lines[at + 1]);
            }
        }
        finally
        {
            curl.Kill();
            await curl.WaitForExitAsync();
            await reader;
        }
    }

    [Fact]
    public async Task TheEventsOfAnUnknownTwinAre404AndABadFilterIs400()
    {
        var missing = await ApiCall.SendAsync(_silo.Http, HttpMethod.Get, $"/api/v1/twins/{DeviceTelemetryTests.NewId("nobody")}/events");
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.Equal("TWIN_NOT_FOUND", missing.ErrorCode);

        var badEvents = await ApiCall.SendAsync(_silo.Http, HttpMethod.Get, "/api/v1/events?events=twin_update,gossip");
        Assert.Equal(HttpStatusCode.BadRequest, badEvents.Status);
        Assert.Equal("VALIDATION_ERROR", badEvents.ErrorCode);
    }

    [Fact]
    public async Task AnHttpClientReadsADeviceReportedErrorAsAnAlert()
    {
        var id = DeviceTelemetryTests.NewId("sse-alert");
        await PublishAsync($"device/{id}/telemetry", """{"type":"pump","rpm":1200}""");
        await WaitForVersionAsync(id, 1);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/events?twin_id={id}&events=alert");
        using var response = await _silo.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var stream = new StreamReader(await response.Content.ReadAsStreamAsync());

        var (exit, output) = await _mqtt.PublishAsync($"device/{id}/error",
            $$$"""{"device_id":"{{{id}}}","timestamp":{{{DeviceTelemetryTests.Now()}}},"type":"error","error_code":"SENSOR_FAILURE","message":"Temperature sensor not responding","severity":"critical","details":{"sensor":"temp_01"}}""",
            clientId: id);
        Assert.True(exit == 0, output);

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        string? eventName = null;
        while (await stream.ReadLineAsync(cts.Token) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                eventName = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                Assert.Equal("alert", eventName);
                var alert = JsonDocument.Parse(line["data: ".Length..]).RootElement;
                Assert.Equal(id, alert.GetProperty("twin_id").GetString());
                Assert.Equal("critical", alert.GetProperty("severity").GetString());
                Assert.Equal("SENSOR_FAILURE", alert.GetProperty("error_code").GetString());
                Assert.Equal("temp_01", alert.GetProperty("details").GetProperty("sensor").GetString());
                return;
            }
        }

        Assert.Fail("the stream ended without an alert");
    }

    [Fact]
    public async Task AnInvalidDeviceErrorReportIsRefusedOnItsErrorTopicOnce()
    {
        var id = DeviceTelemetryTests.NewId("err-bad");
        using var errors = await _mqtt.SubscribeAsync(id + "-watch", $"device/{id}/error");

        await _mqtt.PublishAsync($"device/{id}/error", """{"message":"no code"}""", clientId: id);

        var refusal = await Eventually.GetAsync(
            () => Task.FromResult(errors.Lines.Where(l => l.StartsWith($"device/{id}/error ", StringComparison.Ordinal)).ToList()),
            lines => lines.Count > 0,
            what: "the refusal on the device's error topic");
        Assert.Contains("INVALID_VALUE", refusal[0]);

        // The platform's own refusal is not read as a device report: no second refusal follows. Proved by a marker,
        // a refusal of another kind caused afterwards: the platform publishes its refusals in order, so one of its
        // own refusal would come before the marker's.
        await _mqtt.PublishAsync($"device/{id}/error", "not json", clientId: id);
        var lines = await Eventually.GetAsync(
            () => Task.FromResult(errors.Lines.Where(l => l.StartsWith($"device/{id}/error ", StringComparison.Ordinal)).ToList()),
            lines => lines.Any(l => l.Contains("INVALID_JSON", StringComparison.Ordinal)),
            what: "the refusal of the marker");
        Assert.Equal(2, lines.Count);
        Assert.Contains("INVALID_JSON", lines[1]);
    }

    [Fact]
    public async Task TheServerSentEventRoutesAreInTheOpenApiDocument()
    {
        var document = await ApiCall.SendAsync(_silo.Http, HttpMethod.Get, "/openapi/v1.json");
        var paths = document.Body.GetProperty("paths");
        foreach (var path in new[] { "/api/v1/events", "/api/v1/events/batches", "/api/v1/twins/{id}/events" })
        {
            var get = paths.GetProperty(path).GetProperty("get");
            Assert.Contains("Server-Sent Events", get.GetProperty("summary").GetString());
            Assert.True(get.GetProperty("responses").GetProperty("200").GetProperty("content").TryGetProperty("text/event-stream", out _), get.ToString());
        }
    }

    internal static string? Type(JsonElement frame) => frame.GetProperty("type").GetString();

    private static async Task<string?> ErrorAfterAsync(FeedSocket feed, Func<Task> send)
    {
        await send();
        var frame = await feed.NextAsync(_ => true);
        Assert.Equal("error", Type(frame));
        Assert.False(string.IsNullOrEmpty(frame.GetProperty("message").GetString()));
        return frame.GetProperty("code").GetString();
    }

    private async Task PublishAsync(string topic, string payload)
    {
        var deviceId = topic.Split('/')[1];
        var (exit, output) = await _mqtt.PublishAsync(topic, payload, clientId: deviceId);
        Assert.True(exit == 0, output);
    }

    private Task WaitForVersionAsync(string id, long version) =>
        Eventually.GetAsync(
            async () => await ApiCall.SendAsync(_silo.Http, HttpMethod.Get, $"/api/v1/twins/{id}"),
            call => call.Status == HttpStatusCode.OK && call.Data.GetProperty("version").GetInt64() >= version,
            what: $"{id} at version {version}");
}
