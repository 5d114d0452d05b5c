using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using DigitalTwin.EndToEnd.Tests.Infrastructure;
using DigitalTwin.TestSupport;

namespace DigitalTwin.EndToEnd.Tests.Observability;

/// <summary>
/// <c>/metrics</c> of a real silo, scraped as Prometheus does, after traffic whose size the test knows. One silo for the
/// class: its tests run one after another, and each compares figures before and after its own traffic.
/// </summary>
public sealed partial class MetricsEndpointTests(SiloFixture fixture) : IClassFixture<SiloFixture>
{
    private SiloProcess Silo => fixture.Silo;

    [Fact]
    public async Task AcceptedMessagesRiseByExactlyTheNumberPublished()
    {
        const int Published = 25;
        var before = await PrometheusScrape.ReadAsync(Silo.Http);

        // One device over one connection, each message newer than the last, so every one is applied.
        var lines = Enumerable.Range(0, Published).Select(i => $$$"""{"device_id":"metrics-1","timestamp":{{{1795000000 + i}}},"data":{"level":{{{i}}}}}""");
        var (exitCode, output) = await fixture.Mqtt.PublishLinesAsync("device/metrics-1/telemetry", lines, "metrics-1");
        Assert.True(exitCode == 0, output);

        // Once the twin holds the last message every one was counted; the exporter may still serve a cached scrape.
        await Silo.TwinWhenAsync("metrics-1", twin => twin.GetProperty("state").TryGetProperty("level", out var level) && level.GetInt32() == Published - 1);
        var after = await Eventually.UntilAsync(
            () => PrometheusScrape.ReadAsync(Silo.Http),
            scrape => Increase(before, scrape, "dtn_messages_accepted_total") >= Published,
            TimeSpan.FromSeconds(15));
        Assert.Equal(Published, Increase(before, after, "dtn_messages_received_total"));
        Assert.Equal(Published, Increase(before, after, "dtn_messages_accepted_total"));
        Assert.Equal(0, Increase(before, after, "dtn_messages_rejected_total"));
        Assert.Contains("# TYPE dtn_messages_accepted_total counter", after.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestsAreCountedByRouteAndStatus()
    {
        const int Requests = 7;
        string[] twinRead = ["http_route=\"/api/v1/twins/{id}\"", "http_request_method=\"GET\"", "http_response_status_code=\"404\""];
        var before = await PrometheusScrape.ReadAsync(Silo.Http);

        for (var i = 0; i < Requests; i++)
        {
            using var response = await Silo.Http.GetAsync("/api/v1/twins/metrics-none");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        var after = await Eventually.UntilAsync(
            () => PrometheusScrape.ReadAsync(Silo.Http),
            scrape => Increase(before, scrape, "http_server_request_duration_seconds_count", twinRead) >= Requests,
            TimeSpan.FromSeconds(15));
        Assert.Equal(Requests, Increase(before, after, "http_server_request_duration_seconds_count", twinRead));
    }

    [Fact]
    public async Task ACommandsRoundTripIsRecordedOnceWithItsFinalStatus()
    {
        string[] succeeded = ["status=\"succeeded\""];
        const string Id = "metrics-light-1";
        var before = await PrometheusScrape.ReadAsync(Silo.Http);
        var created = await ApiCall.SendAsync(Silo.Http, HttpMethod.Post, "/api/v1/twins", $$"""{"id":"{{Id}}","type":"smart_light"}""");
        Assert.True(created.Status == HttpStatusCode.Created, created.ToString());
        using var device = await CommandDevice.ConnectAsync(fixture.Mqtt, Id);
        await device.AnnounceOnlineAsync();
        await Silo.TwinWhenAsync(Id, twin => twin.GetProperty("status").GetString() == "online");

        var sent = await ApiCall.SendAsync(Silo.Http, HttpMethod.Post, $"/api/v1/twins/{Id}/command", """{"action":"turn_on"}""");
        Assert.True(sent.Status == HttpStatusCode.Accepted, sent.ToString());
        var commandId = (await device.ReceiveAsync()).GetProperty("command_id").GetString()!;
        await device.AckAsync(commandId, "success");
        var finished = await ApiCall.SendAsync(Silo.Http, HttpMethod.Get, $"/api/v1/twins/{Id}/commands/{commandId}?wait=5s");
        Assert.Equal("succeeded", finished.Data.GetProperty("status").GetString());

        var after = await Eventually.UntilAsync(
            () => PrometheusScrape.ReadAsync(Silo.Http),
            scrape => Increase(before, scrape, "dtn_commands_round_trip_seconds_count", succeeded) >= 1,
            TimeSpan.FromSeconds(15));
        Assert.Equal(1, Increase(before, after, "dtn_commands_sent_total"));
        Assert.Equal(1, Increase(before, after, "dtn_commands_finished_total", succeeded));
        Assert.Equal(1, Increase(before, after, "dtn_commands_round_trip_seconds_count", succeeded));
        Assert.InRange(Increase(before, after, "dtn_commands_round_trip_seconds_sum", succeeded), 0, 5);
    }

    [Fact]
    public async Task OrleansAspNetCoreAndRuntimeMetricsAreExposed()
    {
        var scrape = await PrometheusScrape.ReadAsync(Silo.Http);

        Assert.All(
            new[]
            {
                "orleans_catalog_activations", "orleans_grains", "orleans_app_requests_latency_milliseconds_bucket",
                "http_server_request_duration_seconds_bucket", "kestrel_active_connections",
                "dotnet_gc_collections_total", "dotnet_process_cpu_time_seconds_total", "dotnet_process_memory_working_set_bytes",
                "dtn_feeds_consumers", "dtn_api_unauthenticated_total",
            },
            name => Assert.Contains(name, scrape.Names));
        Assert.True(scrape.Sum("orleans_catalog_activations") > 0, "no activation counted");
    }

    [Fact]
    public async Task EveryHealthCheckIsAGaugeOfItsStatus()
    {
        string[] checks = ["orleans_cluster", "mqtt_broker", "twin_directory"];
        var scrape = await Eventually.GetAsync(
            () => PrometheusScrape.ReadAsync(Silo.Http),
            s => checks.All(check => s.Sum("dtn_health_status", $"check=\"{check}\"") > 0),
            TimeSpan.FromSeconds(30),
            "every health check in dtn_health_status");

        Assert.All(checks, check => Assert.Equal(2, scrape.Sum("dtn_health_status", $"check=\"{check}\"")));
        Assert.DoesNotContain("check=\"postgres\"", scrape.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OtherMethodsGet405AndQueryStringsAreIgnored()
    {
        foreach (var path in new[] { "/metrics", "/health/live", "/health/ready" })
        {
            using var post = await Silo.Http.PostAsync(path, new StringContent("{}"));
            Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
            using var error = JsonDocument.Parse(await post.Content.ReadAsStringAsync());
            Assert.Equal("METHOD_NOT_ALLOWED", error.RootElement.GetProperty("error").GetProperty("code").GetString());

            using var query = await Silo.Http.GetAsync(path + "?verbose=1&format=json");
            Assert.Equal(HttpStatusCode.OK, query.StatusCode);
        }

        using var head = await Silo.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/health/live"));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
    }

    /// <summary>
    /// The Grafana dashboard parses, offers a Prometheus data source variable, and queries only metrics the silo
    /// exposes: those of this scrape, or the platform's documented ones that appear with their first event.
    /// </summary>
    [Fact]
    public async Task TheGrafanaDashboardQueriesOnlyMetricsTheSiloExposes()
    {
        using var dashboard = JsonDocument.Parse(await File.ReadAllTextAsync(RepositoryRoot.File("k8s", "grafana", "digital-twin-dashboard.json")));
        var variables = dashboard.RootElement.GetProperty("templating").GetProperty("list").EnumerateArray().ToList();
        Assert.Contains(variables, v => v.GetProperty("type").GetString() == "datasource" && v.GetProperty("query").GetString() == "prometheus");
        var queries = Strings(dashboard.RootElement, "expr").Concat(Strings(dashboard.RootElement, "definition")).ToList();
        Assert.True(queries.Count >= 15, $"{queries.Count} queries");

        var known = (await PrometheusScrape.ReadAsync(Silo.Http)).Names.ToHashSet(StringComparer.Ordinal);
        var docs = await File.ReadAllTextAsync(RepositoryRoot.File("docs", "observability.md"));
        foreach (var name in DocumentedPrometheusName().Matches(docs).Select(m => m.Groups[1].Value))
        {
            known.UnionWith([name, name + "_bucket", name + "_sum", name + "_count"]);
        }

        var queried = queries.SelectMany(q => QueriedMetric().Matches(q).Select(m => m.Groups["name"].Value)).ToHashSet(StringComparer.Ordinal);
        Assert.True(queried.Count >= 15, string.Join(", ", queried));
        Assert.All(queried, name => Assert.True(known.Contains(name), $"the dashboard queries {name}, which the silo does not expose"));
    }

    private static double Increase(PrometheusScrape before, PrometheusScrape after, string name, params string[] labels) =>
        after.Sum(name, labels) - before.Sum(name, labels);

    private static IEnumerable<string> Strings(JsonElement element, string property) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p =>
            p.Name == property && p.Value.ValueKind == JsonValueKind.String ? new[] { p.Value.GetString()! } : Strings(p.Value, property)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(e => Strings(e, property)),
        _ => [],
    };

    /// <summary>A metric in PromQL: a name before its label matchers, or the first argument of <c>label_values</c>.</summary>
    [GeneratedRegex(@"(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)\{|label_values\((?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)")]
    private static partial Regex QueriedMetric();

    [GeneratedRegex(@"^\| `dtn\.[^`]+` \| `([^`]+)` \|", RegexOptions.Multiline)]
    private static partial Regex DocumentedPrometheusName();
}
