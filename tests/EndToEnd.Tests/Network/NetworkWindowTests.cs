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

    private static string Window(DateTimeOffset start, int packetsIn, string extra = "", int schema = 2) =>
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
            Assert.Equal("2", last[5]);
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
            [Window(start, 100, schema: 1), Window(start.AddSeconds(10), 300, schema: 1), Window(start.AddSeconds(20), 4), Window(start.AddSeconds(30), 6)],
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
        { "schema-3", """{"schema":3,"window_start":1795867140,"window_seconds":10,"features":{}}""", "UNSUPPORTED_SCHEMA" },
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
    [InlineData("/api/v1/datasets/export?schema_version=3", "'schema_version'")]
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
