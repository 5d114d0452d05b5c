using System.Globalization;
using System.Net;
using System.Text.Json;
using DigitalTwin.EndToEnd.Tests.Infrastructure;
using Parquet;

namespace DigitalTwin.EndToEnd.Tests.Network;

/// <summary>
/// Network-behaviour windows from a real MQTT client through the real silo: served back with statistics,
/// exported as CSV and Parquet, and every hostile payload or query refused with a clear error and no change.
/// </summary>
[Collection(SiloCollection.Name)]
public sealed class NetworkWindowTests(SiloFixture fixture)
{
    private readonly SiloProcess _silo = fixture.Silo;
    private readonly Mosquitto _mqtt = fixture.Mqtt;

    private static long Epoch(DateTimeOffset time) => time.ToUnixTimeSeconds();

    private static string Window(DateTimeOffset start, int packetsIn, string extra = "", int schema = 3) =>
        $"{{\"schema\":{schema},\"window_start\":{Epoch(start)},\"window_seconds\":10,\"features\":{{\"packets_in\":{packetsIn},\"tcp_ratio\":0.5{extra}}}}}";

    [Fact]
    public async Task WindowsAreServedWithStatisticsAndExportedAsCsvAndParquet()
    {
        var id = DeviceTelemetryTests.NewId("net");
        var start = DateTimeOffset.UtcNow.AddMinutes(-2);
        start = start.AddTicks(-(start.Ticks % TimeSpan.TicksPerSecond));
        var (exit, output) = await _mqtt.PublishLinesAsync(
            $"device/{id}/network", [Window(start, 4), Window(start.AddSeconds(10), 8), Window(start.AddSeconds(20), 12, ",\"latency_mean\":20.5")], id);
        Assert.True(exit == 0, output);

        var network = await Eventually.GetAsync(() => _silo.GetDataAsync($"/api/v1/twins/{id}/network"), d => d.GetProperty("count").GetInt32() == 3, what: "three windows");
        var windows = network.GetProperty("windows");
        Assert.Equal(start.AddSeconds(20), windows[0].GetProperty("window_start").GetDateTimeOffset());
        Assert.Equal(start.AddSeconds(30), windows[0].GetProperty("window_end").GetDateTimeOffset());
        Assert.Equal(20.5, windows[0].GetProperty("features").GetProperty("latency_mean").GetDouble());
        Assert.False(windows[1].GetProperty("features").TryGetProperty("latency_mean", out _));
        var packets = network.GetProperty("statistics").GetProperty("packets_in");
        Assert.Equal(3, packets.GetProperty("count").GetInt64());
        Assert.Equal(8, packets.GetProperty("mean").GetDouble());
        Assert.Equal(4, packets.GetProperty("min").GetDouble());
        Assert.Equal(12, packets.GetProperty("max").GetDouble());
        Assert.Equal(JsonValueKind.Null, network.GetProperty("statistics").GetProperty("jitter").GetProperty("mean").ValueKind);
        Assert.Equal(3, network.GetProperty("window_counts").GetProperty("accepted").GetInt64());

        var limited = await _silo.GetDataAsync($"/api/v1/twins/{id}/network?limit=1");
        Assert.Equal(1, limited.GetProperty("count").GetInt32());

        var range = $"from={Uri.EscapeDataString(start.AddMinutes(-1).ToString("O"))}&to={Uri.EscapeDataString(start.AddMinutes(1).ToString("O"))}&twin_id={id}";
        using (var csv = await _silo.Http.GetAsync($"/api/v1/datasets/export?{range}"))
        {
            Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
            Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
            Assert.EndsWith(".csv", csv.Content.Headers.ContentDisposition!.FileName!.Trim('"'));
            var lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            var header = lines[0].Split(',');
            Assert.Equal(["device_id", "device_type", "window_start", "window_end", "window_seconds", "schema_version", "packets_in"], header[..7]);
            Assert.Equal(4, lines.Length);
            var last = lines[3].Split(',');
            Assert.Equal(id, last[0]);
            Assert.Equal(start.AddSeconds(20), DateTimeOffset.Parse(last[2], CultureInfo.InvariantCulture));
            Assert.Equal("3", last[5]);
            Assert.Equal("12", last[6]);
            Assert.Equal("20.5", last[Array.IndexOf(header, "latency_mean")]);
            Assert.Equal("", last[Array.IndexOf(header, "jitter")]);
        }

        using var parquet = await _silo.Http.GetAsync($"/api/v1/datasets/export?{range}&format=parquet");
        Assert.Equal(HttpStatusCode.OK, parquet.StatusCode);
        Assert.Equal("application/vnd.apache.parquet", parquet.Content.Headers.ContentType!.MediaType);
        await using var reader = await ParquetReader.CreateAsync(new MemoryStream(await parquet.Content.ReadAsByteArrayAsync()));
        var fields = reader.Schema.DataFields;
        var group = reader.OpenRowGroupReader(0);
        Assert.Equal(3, group.RowCount);
        var ids = new string?[3];
        await group.ReadAsync(fields.Single(f => f.Name == "device_id"), ids.AsMemory());
        var packetsIn = new double?[3];
        await group.ReadAsync<double>(fields.Single(f => f.Name == "packets_in"), packetsIn.AsMemory());
        Assert.All(ids, value => Assert.Equal(id, value));
        Assert.Equal([4, 8, 12], packetsIn);
    }

    [Fact]
    public async Task WindowsOfANewSchemaVersionRestartTheStatisticsAndAreNotExportedMixedUnlessAsked()
    {
        var id = DeviceTelemetryTests.NewId("netver");
        var start = DateTimeOffset.UtcNow.AddMinutes(-2);
        start = start.AddTicks(-(start.Ticks % TimeSpan.TicksPerSecond));
        var (exit, output) = await _mqtt.PublishLinesAsync(
            $"device/{id}/network",
            [Window(start, 100, schema: 1), Window(start.AddSeconds(10), 300, schema: 1), Window(start.AddSeconds(20), 4, schema: 2), Window(start.AddSeconds(30), 6, schema: 2)],
            id);
        Assert.True(exit == 0, output);

        var network = await Eventually.GetAsync(() => _silo.GetDataAsync($"/api/v1/twins/{id}/network"), d => d.GetProperty("count").GetInt32() == 4, what: "four windows");
        Assert.Equal(2, network.GetProperty("statistics_schema_version").GetInt32());
        Assert.Equal(2, network.GetProperty("windows_seen").GetInt64());
        Assert.Equal(5, network.GetProperty("statistics").GetProperty("packets_in").GetProperty("mean").GetDouble());
        Assert.Equal(2, network.GetProperty("statistics").GetProperty("packets_in").GetProperty("count").GetInt64());
        Assert.Equal([2, 2, 1, 1], network.GetProperty("windows").EnumerateArray().Select(w => w.GetProperty("schema_version").GetInt32()));
        Assert.Equal(4, network.GetProperty("window_counts").GetProperty("accepted").GetInt64());
        Assert.Equal(1, network.GetProperty("window_counts").GetProperty("schema_changes").GetInt64());

        var range = $"from={Uri.EscapeDataString(start.AddMinutes(-1).ToString("O"))}&to={Uri.EscapeDataString(start.AddMinutes(1).ToString("O"))}&twin_id={id}";
        var mixed = await ApiCall.SendAsync(_silo.Http, HttpMethod.Get, $"/api/v1/datasets/export?{range}");
        Assert.Equal(HttpStatusCode.Conflict, mixed.Status);
        Assert.Equal("MIXED_SCHEMA_VERSIONS", mixed.ErrorCode);
        var message = mixed.Body.GetProperty("error").GetProperty("message").GetString();
        Assert.Contains("versions 1 and 2", message);
        Assert.Contains("schema_version=", message);
        Assert.Contains("mixed_schema_versions=true", message);

        var second = await ExportRowsAsync($"{range}&schema_version=2");
        Assert.Equal(["4", "6"], second.Select(r => r["packets_in"]));
        Assert.All(second, r => Assert.Equal("2", r["schema_version"]));

        var both = await ExportRowsAsync($"{range}&mixed_schema_versions=true");
        Assert.Equal(["1", "1", "2", "2"], both.Select(r => r["schema_version"]));
        Assert.Equal(["100", "300", "4", "6"], both.Select(r => r["packets_in"]));
    }

    [Fact]
    public async Task ASchemaThreeWindowWithEveryFeatureGoesThroughTheTwinTheApiAndBothExports()
    {
        var id = DeviceTelemetryTests.NewId("net3");
        var start = DateTimeOffset.UtcNow.AddMinutes(-2);
        start = start.AddTicks(-(start.Ticks % TimeSpan.TicksPerSecond));
        var features = string.Join(",", AllFeatures.Select((name, i) => $"\"{name}\":{Value(name, i)}"));
        var payload = $"{{\"schema\":3,\"window_start\":{Epoch(start)},\"window_seconds\":10,\"features\":{{{features}}}}}";
        var (exit, output) = await _mqtt.PublishAsync($"device/{id}/network", payload, clientId: id);
        Assert.True(exit == 0, output);

        var network = await Eventually.GetAsync(() => _silo.GetDataAsync($"/api/v1/twins/{id}/network"), d => d.GetProperty("count").GetInt32() == 1, what: "the window");
        var window = network.GetProperty("windows")[0];
        Assert.Equal(3, window.GetProperty("schema_version").GetInt32());
        Assert.Equal(AllFeatures, window.GetProperty("features").EnumerateObject().Select(p => p.Name));
        Assert.All(AllFeatures.Select((name, i) => (name, i)), f => Assert.Equal(Value(f.name, f.i), window.GetProperty("features").GetProperty(f.name).GetDouble()));
        Assert.Equal(3, network.GetProperty("statistics_schema_version").GetInt32());
        Assert.Equal(AllFeatures, network.GetProperty("statistics").EnumerateObject().Select(p => p.Name));
        Assert.Equal(1, network.GetProperty("statistics").GetProperty("periodic_gap_cv").GetProperty("count").GetInt64());

        var range = $"from={Uri.EscapeDataString(start.AddMinutes(-1).ToString("O"))}&to={Uri.EscapeDataString(start.AddMinutes(1).ToString("O"))}&twin_id={id}";
        var row = Assert.Single(await ExportRowsAsync(range));
        Assert.Equal("3", row["schema_version"]);
        Assert.All(AllFeatures.Select((name, i) => (name, i)), f => Assert.Equal(Value(f.name, f.i), double.Parse(row[f.name], CultureInfo.InvariantCulture)));

        using var parquet = await _silo.Http.GetAsync($"/api/v1/datasets/export?{range}&format=parquet");
        await using var reader = await ParquetReader.CreateAsync(new MemoryStream(await parquet.Content.ReadAsByteArrayAsync()));
        var group = reader.OpenRowGroupReader(0);
        foreach (var name in new[] { "syn_out", "bytes_out_ratio", "periodic_gap_cv" })
        {
            var cell = new double?[1];
            await group.ReadAsync<double>(reader.Schema.DataFields.Single(f => f.Name == name), cell.AsMemory());
            Assert.Equal(Value(name, Array.IndexOf(AllFeatures, name)), cell[0]);
        }
    }

    [Fact]
    public async Task SchemaTwoThenSchemaThreeRestartsTheStatisticsAndAMixedExportLeavesTheNewColumnsOfSchemaTwoEmpty()
    {
        var id = DeviceTelemetryTests.NewId("net23");
        var start = DateTimeOffset.UtcNow.AddMinutes(-2);
        start = start.AddTicks(-(start.Ticks % TimeSpan.TicksPerSecond));
        var (exit, output) = await _mqtt.PublishLinesAsync(
            $"device/{id}/network",
            [Window(start, 100, ",\"listening_ports\":2", schema: 2), Window(start.AddSeconds(10), 4, ",\"syn_out\":3,\"packet_rate_1m\":0.25", schema: 3)],
            id);
        Assert.True(exit == 0, output);

        var network = await Eventually.GetAsync(() => _silo.GetDataAsync($"/api/v1/twins/{id}/network"), d => d.GetProperty("count").GetInt32() == 2, what: "two windows");
        Assert.Equal([3, 2], network.GetProperty("windows").EnumerateArray().Select(w => w.GetProperty("schema_version").GetInt32()));
        Assert.Equal(3, network.GetProperty("windows")[0].GetProperty("features").GetProperty("syn_out").GetDouble());
        Assert.False(network.GetProperty("windows")[1].GetProperty("features").TryGetProperty("syn_out", out _));
        Assert.Equal(2, network.GetProperty("windows")[1].GetProperty("features").GetProperty("listening_ports").GetDouble());
        Assert.Equal(3, network.GetProperty("statistics_schema_version").GetInt32());
        Assert.Equal(1, network.GetProperty("windows_seen").GetInt64());
        Assert.Equal(4, network.GetProperty("statistics").GetProperty("packets_in").GetProperty("mean").GetDouble());
        Assert.Equal(1, network.GetProperty("window_counts").GetProperty("schema_changes").GetInt64());

        var range = $"from={Uri.EscapeDataString(start.AddMinutes(-1).ToString("O"))}&to={Uri.EscapeDataString(start.AddMinutes(1).ToString("O"))}&twin_id={id}";
        var mixed = await ApiCall.SendAsync(_silo.Http, HttpMethod.Get, $"/api/v1/datasets/export?{range}");
        Assert.Equal(HttpStatusCode.Conflict, mixed.Status);
        Assert.Equal("MIXED_SCHEMA_VERSIONS", mixed.ErrorCode);
        Assert.Contains("versions 2 and 3", mixed.Body.GetProperty("error").GetProperty("message").GetString());

        var both = await ExportRowsAsync($"{range}&mixed_schema_versions=true");
        Assert.Equal(["2", "3"], both.Select(r => r["schema_version"]));
        Assert.Equal(AllFeatures.Length, both[0].Keys.Count(AllFeatures.Contains));
        Assert.All(NewFeatures, name => Assert.Equal("", both[0][name]));
        Assert.Equal(("100", "2"), (both[0]["packets_in"], both[0]["listening_ports"]));
        Assert.Equal(("3", "0.25", ""), (both[1]["syn_out"], both[1]["packet_rate_1m"], both[1]["syn_in"]));

        using var parquet = await _silo.Http.GetAsync($"/api/v1/datasets/export?{range}&mixed_schema_versions=true&format=parquet");
        Assert.Equal(HttpStatusCode.OK, parquet.StatusCode);
        await using var reader = await ParquetReader.CreateAsync(new MemoryStream(await parquet.Content.ReadAsByteArrayAsync()));
        Assert.Equal(AllFeatures.Length, reader.Schema.DataFields.Count(f => AllFeatures.Contains(f.Name)));
        var synOut = new double?[2];
        await reader.OpenRowGroupReader(0).ReadAsync<double>(reader.Schema.DataFields.Single(f => f.Name == "syn_out"), synOut.AsMemory());
        Assert.Equal(new double?[] { null, 3 }, synOut);
    }

    /// <summary>The 32 features of schemas 1 and 2, then the 24 schema 3 appended (docs/dataset.md).</summary>
    private static readonly string[] NewFeatures =
    [
        "syn_out", "syn_in", "rst_out", "rst_in", "fin_out", "fin_in", "unanswered_syn_ratio", "bytes_out_ratio", "new_destinations",
        "new_dns_names", "packet_rate_1m", "packet_rate_10m", "packet_rate_1h", "bytes_out_rate_10m", "bytes_out_rate_1h", "sessions_opened_1h",
        "failed_connections_1h", "tls_failures_1h", "dns_queries_1h", "dns_nxdomains_1h", "new_destinations_1h", "new_dns_names_1h",
        "periodic_gap_mean", "periodic_gap_cv",
    ];

    private static readonly string[] AllFeatures =
    [
        "packets_in", "packets_out", "bytes_in", "bytes_out", "packet_rate_mean", "packet_rate_peak", "tcp_ratio", "udp_ratio", "icmp_ratio",
        "other_ratio", "sessions_opened", "session_duration_mean", "session_duration_p95", "latency_mean", "jitter", "retransmissions",
        "failed_connections", "dns_query_rate", "dns_unique_names", "dns_name_length_mean", "dns_name_entropy_mean", "dns_nxdomain_ratio",
        "tls_handshakes", "tls_failures", "payload_size_mean", "payload_size_std", "payload_size_entropy", "inter_arrival_mean",
        "inter_arrival_cv", "distinct_destination_ips", "distinct_destination_ports", "listening_ports", .. NewFeatures,
    ];

    /// <summary>A valid value for each feature: fractions below 1, the rest whole and distinct.</summary>
    private static double Value(string name, int index) => name.EndsWith("_ratio", StringComparison.Ordinal) ? 0.5 : index + 1;

    public static TheoryData<string, string, string> HostileWindows => new()
    {
        { "malformed", "{\"schema\":1,", "INVALID_JSON" },
        { "array", "[1]", "INVALID_PAYLOAD" },
        { "missing-start", """{"schema":1,"window_seconds":10,"features":{}}""", "INVALID_PAYLOAD" },
        { "duplicate-key", """{"schema":1,"schema":1,"window_start":1795867140,"window_seconds":10,"features":{}}""", "INVALID_PAYLOAD" },
        { "wrong-type", """{"schema":1,"window_start":1795867140,"window_seconds":10,"features":{"packets_in":"12"}}""", "INVALID_VALUE" },
        { "overflow", """{"schema":1,"window_start":1795867140,"window_seconds":10,"features":{"packets_in":1e400}}""", "INVALID_VALUE" },
        { "ratio", """{"schema":1,"window_start":1795867140,"window_seconds":10,"features":{"tcp_ratio":1.5}}""", "INVALID_VALUE" },
        { "window-length", """{"schema":1,"window_start":1795867140,"window_seconds":0,"features":{}}""", "INVALID_VALUE" },
        { "unknown-feature", """{"schema":1,"window_start":1795867140,"window_seconds":10,"features":{"payload_bytes":1}}""", "UNKNOWN_FEATURE" },
        { "schema-4", """{"schema":4,"window_start":1795867140,"window_seconds":10,"features":{}}""", "UNSUPPORTED_SCHEMA" },
        { "schema-2-syn_out", """{"schema":2,"window_start":1795867140,"window_seconds":10,"features":{"packets_in":1,"syn_out":1}}""", "UNKNOWN_FEATURE" },
        { "schema-1-null-new", """{"schema":1,"window_start":1795867140,"window_seconds":10,"features":{"periodic_gap_cv":null}}""", "UNKNOWN_FEATURE" },
        { "syn_out-text", """{"schema":3,"window_start":1795867140,"window_seconds":10,"features":{"syn_out":"1"}}""", "INVALID_VALUE" },
        { "syn_out-fraction", """{"schema":3,"window_start":1795867140,"window_seconds":10,"features":{"syn_out":1.5}}""", "INVALID_VALUE" },
        { "unanswered-ratio", """{"schema":3,"window_start":1795867140,"window_seconds":10,"features":{"unanswered_syn_ratio":2}}""", "INVALID_VALUE" },
        { "rate-object", """{"schema":3,"window_start":1795867140,"window_seconds":10,"features":{"packet_rate_1h":{"v":1}}}""", "INVALID_VALUE" },
        { "schema-text", """{"schema":"2","window_start":1795867140,"window_seconds":10,"features":{}}""", "UNSUPPORTED_SCHEMA" },
        { "future", """{"schema":1,"window_start":4102444800,"window_seconds":10,"features":{}}""", "TIMESTAMP_OUT_OF_RANGE" },
        { "oversized", "{\"schema\":1,\"pad\":\"" + new string('x', 70_000) + "\"}", "PAYLOAD_TOO_LARGE" },
    };

    [Theory]
    [MemberData(nameof(HostileWindows))]
    public async Task HostileWindowIsRefusedReportedAndChangesNothing(string name, string payload, string code)
    {
        var id = DeviceTelemetryTests.NewId("netbad-" + name);
        var start = DateTimeOffset.UtcNow.AddMinutes(-1);
        await _mqtt.PublishAsync($"device/{id}/network", Window(start, 1), clientId: id);
        await Eventually.GetAsync(() => AcceptedAsync(id), n => n == 1, what: "first window accepted");

        await PublishRefusedAsync(id, payload, code);
    }

    [Fact]
    public async Task AnOutOfOrderWindowIsRefusedAndCounted()
    {
        var id = DeviceTelemetryTests.NewId("netorder");
        var start = DateTimeOffset.UtcNow.AddMinutes(-1);
        await _mqtt.PublishAsync($"device/{id}/network", Window(start, 1), clientId: id);
        await Eventually.GetAsync(() => AcceptedAsync(id), n => n == 1, what: "first window accepted");

        await PublishRefusedAsync(id, Window(start.AddSeconds(-10), 99), "WINDOW_OUT_OF_ORDER");

        var network = await _silo.GetDataAsync($"/api/v1/twins/{id}/network");
        Assert.Equal(1, network.GetProperty("window_counts").GetProperty("out_of_order").GetInt64());
        Assert.Equal(1, network.GetProperty("statistics").GetProperty("packets_in").GetProperty("max").GetDouble());
    }

    [Fact]
    public async Task AWindowStartingAheadIsRefusedAndDoesNotBlockTheNextWindow()
    {
        var id = DeviceTelemetryTests.NewId("netskew");
        var start = DateTimeOffset.UtcNow.AddMinutes(-1);
        await _mqtt.PublishAsync($"device/{id}/network", Window(start, 1), clientId: id);
        await Eventually.GetAsync(() => AcceptedAsync(id), n => n == 1, what: "first window accepted");

        await PublishRefusedAsync(id, Window(DateTimeOffset.UtcNow.AddSeconds(200), 99), "CLOCK_SKEW");
        await _mqtt.PublishAsync($"device/{id}/network", Window(start.AddSeconds(10), 2), clientId: id);

        await Eventually.GetAsync(() => AcceptedAsync(id), n => n == 2, what: "the next real window accepted");
        var network = await _silo.GetDataAsync($"/api/v1/twins/{id}/network");
        Assert.Equal(0, network.GetProperty("window_counts").GetProperty("out_of_order").GetInt64());
        var twin = await _silo.GetDataAsync($"/api/v1/twins/{id}");
        Assert.Equal(1, twin.GetProperty("messages").GetProperty("clock_skewed").GetInt64());
    }

    [Theory]
    [InlineData("/api/v1/datasets/export?format=xml", "'format'")]
    [InlineData("/api/v1/datasets/export?from=2026-11-28T12:00:00Z&to=2026-11-28T11:00:00Z", "'from' must be before 'to'")]
    [InlineData("/api/v1/datasets/export?from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z", "Network:MaxExportHours")]
    [InlineData("/api/v1/datasets/export?from=yesterday", "from")]
    [InlineData("/api/v1/datasets/export?twin_id=Not%20An%20Id", "not a valid twin id")]
    [InlineData("/api/v1/datasets/export?type=%24bad", "'type'")]
    [InlineData("/api/v1/datasets/export?schema_version=4", "'schema_version'")]
    [InlineData("/api/v1/datasets/export?schema_version=two", "'schema_version'")]
    [InlineData("/api/v1/datasets/export?schema_version=2&mixed_schema_versions=true", "not both")]
    [InlineData("/api/v1/datasets/export?mixed_schema_versions=maybe", "'mixed_schema_versions'")]
    [InlineData("/api/v1/twins/some-twin/network?limit=0", "'limit'")]
    [InlineData("/api/v1/twins/some-twin/network?limit=100000", "'limit'")]
    [InlineData("/api/v1/twins/some-twin/network?from=2026-11-28T12:00:00Z&to=2026-11-28T11:00:00Z", "'from' must not be after 'to'")]
    [InlineData("/api/v1/twins/Bad%20Id/network", "not a valid twin id")]
    public async Task BadQueryParametersAreRefusedWithTheErrorEnvelope(string path, string message)
    {
        var call = await ApiCall.SendAsync(_silo.Http, HttpMethod.Get, path);

        Assert.Equal(HttpStatusCode.BadRequest, call.Status);
        Assert.Equal("error", call.Body.GetProperty("status").GetString());
        Assert.Equal("VALIDATION_ERROR", call.ErrorCode);
        Assert.Contains(message, call.Body.GetProperty("error").GetProperty("message").GetString());

        // Reading a twin's network must never bring the twin into being.
        var twin = await ApiCall.SendAsync(_silo.Http, HttpMethod.Get, "/api/v1/twins/some-twin");
        Assert.Equal(HttpStatusCode.NotFound, twin.Status);
    }

    [Theory]
    [InlineData("/api/v1/twins/{0}/network")]
    [InlineData("/api/v1/datasets/export?twin_id={0}")]
    public async Task AnUnknownTwinIsNotFound(string path)
    {
        var call = await ApiCall.SendAsync(_silo.Http, HttpMethod.Get, string.Format(CultureInfo.InvariantCulture, path, DeviceTelemetryTests.NewId("nonet")));

        Assert.Equal(HttpStatusCode.NotFound, call.Status);
        Assert.Equal("TWIN_NOT_FOUND", call.ErrorCode);
    }

    [Fact]
    public async Task BothRoutesAreInTheOpenApiDocumentWithTheirContentTypes()
    {
        var document = await ApiCall.SendAsync(_silo.Http, HttpMethod.Get, "/openapi/v1.json");

        var paths = document.Body.GetProperty("paths");
        var network = paths.GetProperty("/api/v1/twins/{id}/network").GetProperty("get");
        Assert.Contains("ApiErrorResponse", network.GetProperty("responses").GetProperty("404").ToString(), StringComparison.Ordinal);
        var export = paths.GetProperty("/api/v1/datasets/export").GetProperty("get");
        var content = export.GetProperty("responses").GetProperty("200").GetProperty("content");
        Assert.True(content.TryGetProperty("text/csv", out _));
        Assert.True(content.TryGetProperty("application/vnd.apache.parquet", out _));
        Assert.Contains("ApiErrorResponse", export.GetProperty("responses").GetProperty("400").ToString(), StringComparison.Ordinal);
        Assert.Contains("ApiErrorResponse", export.GetProperty("responses").GetProperty("409").ToString(), StringComparison.Ordinal);
        var parameters = export.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Contains("schema_version", parameters);
        Assert.Contains("mixed_schema_versions", parameters);
    }

    private async Task PublishRefusedAsync(string id, string payload, string code)
    {
        var before = await _silo.GetDataAsync($"/api/v1/twins/{id}/network");
        var rejectedBefore = await RejectedAsync(code);
        using var errors = await _mqtt.SubscribeAsync(id + "-errors", $"device/{id}/error");

        var (exit, output) = await _mqtt.PublishAsync($"device/{id}/network", payload, clientId: id);
        Assert.True(exit == 0, output);

        var line = await errors.WaitForLineAsync(l => l.StartsWith($"device/{id}/error ", StringComparison.Ordinal), $"{code} on device/{id}/error");
        using var error = JsonDocument.Parse(line[(line.IndexOf(' ') + 1)..]);
        Assert.Equal(code, error.RootElement.GetProperty("error_code").GetString());
        Assert.Equal($"device/{id}/network", error.RootElement.GetProperty("details").GetProperty("topic").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.RootElement.GetProperty("message").GetString()));
        await Eventually.GetAsync(() => RejectedAsync(code), n => n > rejectedBefore, what: $"{code} counted");

        var after = await _silo.GetDataAsync($"/api/v1/twins/{id}/network");
        Assert.Equal(before.GetProperty("windows").ToString(), after.GetProperty("windows").ToString());
        Assert.Equal(before.GetProperty("statistics").ToString(), after.GetProperty("statistics").ToString());
        Assert.Equal(1, after.GetProperty("window_counts").GetProperty("accepted").GetInt64());
    }

    /// <summary>The rows of a CSV export, each by column name.</summary>
    private async Task<List<Dictionary<string, string>>> ExportRowsAsync(string query)
    {
        using var response = await _silo.Http.GetAsync($"/api/v1/datasets/export?{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',');
        return [.. lines.Skip(1).Select(line => header.Zip(line.Split(',')).ToDictionary(p => p.First, p => p.Second))];
    }

    private async Task<long> AcceptedAsync(string id)
    {
        using var response = await _silo.Http.GetAsync($"/api/v1/twins/{id}/network");
        if (!response.IsSuccessStatusCode)
        {
            return 0;
        }

        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("data").GetProperty("window_counts").GetProperty("accepted").GetInt64();
    }

    private async Task<long> RejectedAsync(string code)
    {
        var metrics = await _silo.GetDataAsync("/api/v1/system/metrics");
        return metrics.GetProperty("messages").GetProperty("rejected_by_reason").TryGetProperty(code, out var count) ? count.GetInt64() : 0;
    }
}
