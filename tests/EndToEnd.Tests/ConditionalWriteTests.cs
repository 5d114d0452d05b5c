using System.Diagnostics;
using System.Net;
using System.Text.Json;
using DigitalTwin.EndToEnd.Tests.Infrastructure;

namespace DigitalTwin.EndToEnd.Tests;

/// <summary>Versions over HTTP against the real silo: ETag on every twin response, If-Match and If-None-Match.</summary>
[Collection(SiloCollection.Name)]
public sealed class ConditionalWriteTests(SiloFixture fixture)
{
    private readonly SiloProcess _silo = fixture.Silo;

    [Fact]
    public async Task EveryResponseWithATwinCarriesItsVersionAsETag()
    {
        var id = DeviceTelemetryTests.NewId("etag");
        var calls = new List<ApiCall>
        {
            await Send(HttpMethod.Post, "/api/v1/twins", $$"""{"id":"{{id}}","type":"sensor"}"""),
            await Send(HttpMethod.Get, $"/api/v1/twins/{id}"),
            await Send(HttpMethod.Put, $"/api/v1/twins/{id}", """{"type":"sensor_v2"}"""),
            await Send(HttpMethod.Put, $"/api/v1/twins/{id}/state", """{"temperature":21}"""),
            await Send(HttpMethod.Get, $"/api/v1/twins/{id}/state"),
            await Send(HttpMethod.Put, $"/api/v1/twins/{id}/metadata", """{"floor":2}"""),
            await Send(HttpMethod.Get, $"/api/v1/twins/{id}/metadata"),
            await Send(HttpMethod.Post, $"/api/v1/twins/{id}/activate"),
            await Send(HttpMethod.Post, $"/api/v1/twins/{id}/suspend"),
            await Send(HttpMethod.Post, $"/api/v1/twins/{id}/decommission"),
        };

        foreach (var call in calls)
        {
            Assert.True(call.Status is HttpStatusCode.OK or HttpStatusCode.Created, call.ToString());
            Assert.Equal($"\"{call.Data.GetProperty("version").GetInt64()}\"", call.ETag);
        }

        Assert.Equal(["\"1\"", "\"1\"", "\"2\"", "\"3\"", "\"3\"", "\"4\"", "\"4\"", "\"5\"", "\"6\"", "\"7\""], calls.Select(c => c.ETag));
    }

    [Fact]
    public async Task AStaleIfMatchIs412NamingTheCurrentVersionAndChangesNothing()
    {
        var id = await CreateAsync("stale");
        await Send(HttpMethod.Put, $"/api/v1/twins/{id}/state", """{"temperature":20}""");

        var writes = new[]
        {
            await Send(HttpMethod.Put, $"/api/v1/twins/{id}/state", """{"temperature":30}""", IfMatch("\"1\"")),
            await Send(HttpMethod.Put, $"/api/v1/twins/{id}/metadata", """{"floor":9}""", IfMatch("\"1\"")),
            await Send(HttpMethod.Put, $"/api/v1/twins/{id}", """{"type":"other"}""", IfMatch("\"1\"")),
            await Send(HttpMethod.Post, $"/api/v1/twins/{id}/activate", headers: IfMatch("\"1\"")),
            await Send(HttpMethod.Delete, $"/api/v1/twins/{id}", headers: IfMatch("\"1\"")),
        };

        foreach (var write in writes)
        {
            Assert.True(write.Status == HttpStatusCode.PreconditionFailed, write.ToString());
            Assert.Equal("PRECONDITION_FAILED", write.ErrorCode);
            Assert.Equal("error", write.Body.GetProperty("status").GetString());
            Assert.Contains("version 2", write.Body.GetProperty("error").GetProperty("message").GetString());
        }

        var after = await Send(HttpMethod.Get, $"/api/v1/twins/{id}");
        Assert.Equal(HttpStatusCode.OK, after.Status);
        Assert.Equal(2, after.Data.GetProperty("version").GetInt64());
        Assert.Equal(20, after.Data.GetProperty("state").GetProperty("temperature").GetInt32());
        Assert.Equal("sensor", after.Data.GetProperty("type").GetString());
        Assert.Equal("pending", after.Data.GetProperty("lifecycle").GetString());
        Assert.False(after.Data.GetProperty("metadata").TryGetProperty("floor", out _));
    }

    [Fact]
    public async Task TheCurrentIfMatchAListHoldingItOrStarWrites()
    {
        var id = await CreateAsync("match");

        var exact = await Send(HttpMethod.Put, $"/api/v1/twins/{id}/state", """{"temperature":21}""", IfMatch("\"1\""));
        Assert.Equal(HttpStatusCode.OK, exact.Status);
        Assert.Equal("\"2\"", exact.ETag);

        var list = await Send(HttpMethod.Put, $"/api/v1/twins/{id}/metadata", """{"floor":3}""", IfMatch("\"1\", \"2\""));
        Assert.Equal(HttpStatusCode.OK, list.Status);
        Assert.Equal("\"3\"", list.ETag);

        var any = await Send(HttpMethod.Post, $"/api/v1/twins/{id}/activate", headers: IfMatch("*"));
        Assert.Equal(HttpStatusCode.OK, any.Status);
        Assert.Equal("active", any.Data.GetProperty("lifecycle").GetString());

        var deleted = await Send(HttpMethod.Delete, $"/api/v1/twins/{id}", headers: IfMatch(any.ETag!));
        Assert.Equal(HttpStatusCode.OK, deleted.Status);

        var missing = await Send(HttpMethod.Put, $"/api/v1/twins/{id}/state", """{"temperature":22}""", IfMatch("*"));
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.Equal("TWIN_NOT_FOUND", missing.ErrorCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/state")]
    [InlineData("/metadata")]
    public async Task IfNoneMatchAtTheCurrentVersionOnAReadIs304WithTheETagAndNoBody(string resource)
    {
        var id = await CreateAsync("notmod");
        var path = $"/api/v1/twins/{id}{resource}";

        var current = await Send(HttpMethod.Get, path, headers: [("If-None-Match", "\"1\"")]);
        Assert.Equal(HttpStatusCode.NotModified, current.Status);
        Assert.Equal("\"1\"", current.ETag);
        Assert.Equal(JsonValueKind.Undefined, current.Body.ValueKind);

        var weak = await Send(HttpMethod.Get, path, headers: [("If-None-Match", "W/\"1\"")]);
        Assert.Equal(HttpStatusCode.NotModified, weak.Status);

        await Send(HttpMethod.Put, $"/api/v1/twins/{id}/state", """{"temperature":21}""");
        var changed = await Send(HttpMethod.Get, path, headers: [("If-None-Match", "\"1\"")]);
        Assert.Equal(HttpStatusCode.OK, changed.Status);
        Assert.Equal("\"2\"", changed.ETag);
        Assert.Equal(2, changed.Data.GetProperty("version").GetInt64());

        var staleIfMatch = await Send(HttpMethod.Get, path, headers: IfMatch("\"1\""));
        Assert.Equal(HttpStatusCode.PreconditionFailed, staleIfMatch.Status);
        Assert.Equal("PRECONDITION_FAILED", staleIfMatch.ErrorCode);
    }

    [Fact]
    public async Task CreateWithIfNoneMatchStarIs412WhenTheTwinExistsAnd409Without()
    {
        var id = DeviceTelemetryTests.NewId("inm");
        var body = $$"""{"id":"{{id}}","type":"sensor"}""";

        var created = await Send(HttpMethod.Post, "/api/v1/twins", body, [("If-None-Match", "*")]);
        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal("\"1\"", created.ETag);

        var again = await Send(HttpMethod.Post, "/api/v1/twins", $$"""{"id":"{{id}}","type":"other"}""", [("If-None-Match", "*")]);
        Assert.Equal(HttpStatusCode.PreconditionFailed, again.Status);
        Assert.Equal("PRECONDITION_FAILED", again.ErrorCode);
        Assert.Contains("already exists", again.Body.GetProperty("error").GetProperty("message").GetString());

        var plain = await Send(HttpMethod.Post, "/api/v1/twins", body);
        Assert.Equal(HttpStatusCode.Conflict, plain.Status);
        Assert.Equal("TWIN_ALREADY_EXISTS", plain.ErrorCode);

        var twin = await Send(HttpMethod.Get, $"/api/v1/twins/{id}");
        Assert.Equal("sensor", twin.Data.GetProperty("type").GetString());
        Assert.Equal(1, twin.Data.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task IfNoneMatchAtTheCurrentVersionOnAWriteIs412()
    {
        var id = await CreateAsync("inmw");

        var refused = await Send(HttpMethod.Put, $"/api/v1/twins/{id}/state", """{"temperature":21}""", [("If-None-Match", "\"1\"")]);
        Assert.Equal(HttpStatusCode.PreconditionFailed, refused.Status);
        Assert.Equal("PRECONDITION_FAILED", refused.ErrorCode);

        var applied = await Send(HttpMethod.Put, $"/api/v1/twins/{id}/state", """{"temperature":21}""", [("If-None-Match", "\"7\"")]);
        Assert.Equal(HttpStatusCode.OK, applied.Status);
        Assert.Equal("\"2\"", applied.ETag);
    }

    public static TheoryData<string, string> MalformedConditions => new()
    {
        { "If-Match", "1" },
        { "If-Match", "W/\"1\"" },
        { "If-None-Match", "W/\"1\"" },
        { "If-Match", "\"-1\"" },
        { "If-Match", "\"01\"" },
        { "If-Match", "\"1.0\"" },
        { "If-Match", "\"\"" },
        { "If-Match", "\"abc\"" },
        { "If-Match", "\"1" },
        { "If-Match", "garbage; drop table twins" },
        { "If-Match", "\"99999999999999999999\"" },
        { "If-Match", "\"1\", *" },
        { "If-Match", " , " },
        { "If-None-Match", "**" },
        { "If-Match", string.Join(", ", Enumerable.Repeat("\"1\"", 400)) },
    };

    [Theory]
    [MemberData(nameof(MalformedConditions))]
    public async Task AMalformedConditionHeaderIs400AndChangesNothing(string header, string value)
    {
        var id = await CreateAsync("badcond");

        var write = await Send(HttpMethod.Put, $"/api/v1/twins/{id}/state", """{"temperature":99}""", [(header, value)]);
        Assert.True(write.Status == HttpStatusCode.BadRequest, write.ToString());
        Assert.Equal("VALIDATION_ERROR", write.ErrorCode);
        Assert.Contains(header, write.Body.GetProperty("error").GetProperty("message").GetString());

        var create = await Send(HttpMethod.Post, "/api/v1/twins", $$"""{"id":"{{id}}-new","type":"sensor"}""", [(header, value)]);
        Assert.Equal(HttpStatusCode.BadRequest, create.Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Send(HttpMethod.Get, $"/api/v1/twins/{id}-new")).Status);

        var after = await Send(HttpMethod.Get, $"/api/v1/twins/{id}");
        Assert.Equal(1, after.Data.GetProperty("version").GetInt64());
        Assert.False(after.Data.GetProperty("state").TryGetProperty("temperature", out _));
    }

    [Fact]
    public async Task AMalformedIfNoneMatchOnAReadIs400()
    {
        var id = await CreateAsync("badread");

        var read = await Send(HttpMethod.Get, $"/api/v1/twins/{id}", headers: [("If-None-Match", "1")]);

        Assert.Equal(HttpStatusCode.BadRequest, read.Status);
        Assert.Equal("VALIDATION_ERROR", read.ErrorCode);
    }

    [Fact]
    public async Task OfConcurrentWritersWithTheSameIfMatchExactlyOneSucceeds()
    {
        var id = await CreateAsync("race");
        for (var round = 1; round <= 5; round++)
        {
            var ifMatch = IfMatch($"\"{round}\"");
            var writes = await Task.WhenAll(Enumerable.Range(0, 4).Select(writer =>
                Send(HttpMethod.Put, $"/api/v1/twins/{id}/state", $$"""{"writer":{{writer}},"round":{{round}}}""", ifMatch)));

            var winner = Assert.Single(writes, w => w.Status == HttpStatusCode.OK);
            Assert.All(writes.Where(w => !ReferenceEquals(w, winner)), w => Assert.Equal(HttpStatusCode.PreconditionFailed, w.Status));
            var state = await Send(HttpMethod.Get, $"/api/v1/twins/{id}/state");
            Assert.Equal(round + 1, state.Data.GetProperty("version").GetInt64());
            Assert.Equal(winner.Data.GetProperty("state").GetProperty("writer").GetInt32(), state.Data.GetProperty("state").GetProperty("writer").GetInt32());
        }
    }

    [Fact]
    public async Task CurlAsAnIndependentClientSeesTheETagAndA412()
    {
        var id = await CreateAsync("curl");
        var url = $"http://127.0.0.1:{_silo.HttpPort}/api/v1/twins/{id}/state";

        var read = await CurlAsync("-sS", "-i", url);
        Assert.Contains("etag: \"1\"", read, StringComparison.OrdinalIgnoreCase);

        var written = await CurlAsync("-sS", "-i", "-X", "PUT", "-H", "Content-Type: application/json", "-H", "If-Match: \"1\"", "--data", """{"temperature":20}""", url);
        Assert.StartsWith("HTTP/1.1 200", written, StringComparison.Ordinal);
        Assert.Contains("etag: \"2\"", written, StringComparison.OrdinalIgnoreCase);

        var refused = await CurlAsync("-sS", "-i", "-X", "PUT", "-H", "Content-Type: application/json", "-H", "If-Match: \"1\"", "--data", """{"temperature":30}""", url);
        Assert.StartsWith("HTTP/1.1 412", refused, StringComparison.Ordinal);
        Assert.Contains("\"code\":\"PRECONDITION_FAILED\"", refused, StringComparison.Ordinal);

        var notModified = await CurlAsync("-sS", "-i", "-H", "If-None-Match: \"2\"", url);
        Assert.StartsWith("HTTP/1.1 304", notModified, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesTheConditionalHeadersAndStatuses()
    {
        var paths = (await Send(HttpMethod.Get, "/openapi/v1.json")).Body.GetProperty("paths");

        var get = paths.GetProperty("/api/v1/twins/{id}").GetProperty("get");
        Assert.True(get.GetProperty("responses").TryGetProperty("304", out _), get.ToString());
        Assert.True(get.GetProperty("responses").GetProperty("200").GetProperty("headers").TryGetProperty("ETag", out _), get.ToString());
        var put = paths.GetProperty("/api/v1/twins/{id}/state").GetProperty("put");
        Assert.True(put.GetProperty("responses").TryGetProperty("412", out _), put.ToString());
        Assert.Contains(put.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "If-Match" && p.GetProperty("in").GetString() == "header");
        var create = paths.GetProperty("/api/v1/twins").GetProperty("post");
        Assert.Contains(create.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "If-None-Match");
    }

    private async Task<string> CreateAsync(string prefix)
    {
        var id = DeviceTelemetryTests.NewId(prefix);
        var created = await Send(HttpMethod.Post, "/api/v1/twins", $$"""{"id":"{{id}}","type":"sensor"}""");
        Assert.Equal(HttpStatusCode.Created, created.Status);
        return id;
    }

    private static (string, string)[] IfMatch(string value) => [("If-Match", value)];

    private static async Task<string> CurlAsync(params string[] args)
    {
        var info = new ProcessStartInfo("curl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var output = await process.StandardOutput.ReadToEndAsync(cts.Token);
        var error = await process.StandardError.ReadToEndAsync(cts.Token);
        await process.WaitForExitAsync(cts.Token);
        Assert.True(process.ExitCode == 0, $"curl exited {process.ExitCode}: {error}");
        return output;
    }

    private Task<ApiCall> Send(HttpMethod method, string path, string? json = null, IEnumerable<(string, string)>? headers = null) =>
        ApiCall.SendAsync(_silo.Http, method, path, json, headers: headers);
}
