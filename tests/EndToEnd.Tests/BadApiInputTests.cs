using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using DigitalTwin.EndToEnd.Tests.Infrastructure;

namespace DigitalTwin.EndToEnd.Tests;

/// <summary>Malformed, wrong-typed, oversized and hostile API input: a clear error in the envelope and no change.</summary>
[Collection(SiloCollection.Name)]
public sealed class BadApiInputTests(SiloFixture fixture)
{
    private readonly SiloProcess _silo = fixture.Silo;

    public static TheoryData<string, string, HttpStatusCode, string> BadCreates => new()
    {
        { "malformed", "{\"id\":", HttpStatusCode.BadRequest, "INVALID_JSON" },
        { "id-number", "{\"id\":5,\"type\":\"x\"}", HttpStatusCode.BadRequest, "INVALID_JSON" },
        { "id-missing", "{\"type\":\"x\"}", HttpStatusCode.BadRequest, "VALIDATION_ERROR" },
        { "id-uppercase", "{\"id\":\"Sensor-1\",\"type\":\"x\"}", HttpStatusCode.BadRequest, "VALIDATION_ERROR" },
        { "id-hostile", "{\"id\":\"../../etc/passwd\",\"type\":\"x\"}", HttpStatusCode.BadRequest, "VALIDATION_ERROR" },
        { "type-missing", "{\"id\":\"ok-id\"}", HttpStatusCode.BadRequest, "VALIDATION_ERROR" },
        { "metadata-array", "{\"id\":\"ok-id\",\"type\":\"x\",\"metadata\":[1]}", HttpStatusCode.BadRequest, "VALIDATION_ERROR" },
        { "metadata-nested", "{\"id\":\"ok-id\",\"type\":\"x\",\"metadata\":{\"a\":{\"b\":1}}}", HttpStatusCode.BadRequest, "VALIDATION_ERROR" },
        { "body-array", "[]", HttpStatusCode.BadRequest, "INVALID_JSON" },
    };

    [Theory]
    [MemberData(nameof(BadCreates))]
    public async Task BadCreateIsRefusedAndCreatesNothing(string name, string body, HttpStatusCode status, string code)
    {
        var call = await Send(HttpMethod.Post, "/api/v1/twins", body);
        Assert.True(status == call.Status, $"{name}: {call}");
        Assert.Equal(code, call.ErrorCode);
        Assert.Equal("error", call.Body.GetProperty("status").GetString());
        Assert.False(string.IsNullOrWhiteSpace(call.Body.GetProperty("error").GetProperty("message").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await Send(HttpMethod.Get, "/api/v1/twins/ok-id")).Status);
    }

    [Theory]
    [InlineData("{\"temperature\":", "INVALID_JSON")]
    [InlineData("[1,2]", "VALIDATION_ERROR")]
    [InlineData("{}", "VALIDATION_ERROR")]
    [InlineData("{\"temperature\":{\"v\":1}}", "VALIDATION_ERROR")]
    [InlineData("{\"temperature\":null}", "VALIDATION_ERROR")]
    [InlineData("{\"bad name\":1}", "VALIDATION_ERROR")]
    [InlineData("\"text\"", "VALIDATION_ERROR")]
    public async Task BadStateWriteChangesNothing(string body, string code)
    {
        var id = DeviceTelemetryTests.NewId("badstate");
        await Send(HttpMethod.Post, "/api/v1/twins", $$"""{"id":"{{id}}","type":"sensor"}""");
        await Send(HttpMethod.Put, $"/api/v1/twins/{id}/state", """{"temperature":20}""");
        var before = await Send(HttpMethod.Get, $"/api/v1/twins/{id}");

        var call = await Send(HttpMethod.Put, $"/api/v1/twins/{id}/state", body);
        Assert.Equal(HttpStatusCode.BadRequest, call.Status);
        Assert.Equal(code, call.ErrorCode);

        var after = await Send(HttpMethod.Get, $"/api/v1/twins/{id}");
        Assert.Equal(before.Data.GetProperty("version").GetInt64(), after.Data.GetProperty("version").GetInt64());
        Assert.Equal(20, after.Data.GetProperty("state").GetProperty("temperature").GetInt32());
    }

    [Fact]
    public async Task BodyThatIsNotUtf8IsRefusedAndChangesNothing()
    {
        var id = DeviceTelemetryTests.NewId("utf8api");
        await Send(HttpMethod.Post, "/api/v1/twins", $$"""{"id":"{{id}}","type":"sensor"}""");
        var before = await Send(HttpMethod.Get, $"/api/v1/twins/{id}");

        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/twins/{id}/state")
        {
            Content = new ByteArrayContent([.. "{\"label\":\""u8, 0xFF, 0xFE, .. "\"}"u8]),
        };
        request.Content.Headers.ContentType = new("application/json");
        using var response = await _silo.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("UTF-8", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var after = await Send(HttpMethod.Get, $"/api/v1/twins/{id}");
        Assert.Equal(before.Data.GetProperty("version").GetInt64(), after.Data.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task OversizedBodyIsRefusedWith413()
    {
        // Just over Api:MaxRequestBodyBytes (1 MiB): a far larger body races the 413 and can fail as a broken pipe.
        var body = "{\"id\":\"big-body\",\"type\":\"x\",\"metadata\":{\"blob\":\"" + new string('x', (1024 * 1024) + 16) + "\"}}";
        var call = await Send(HttpMethod.Post, "/api/v1/twins", body);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, call.Status);
        Assert.Equal("PAYLOAD_TOO_LARGE", call.ErrorCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Send(HttpMethod.Get, "/api/v1/twins/big-body")).Status);
    }

    [Theory]
    [InlineData("/api/v1/twins?limit=0")]
    [InlineData("/api/v1/twins?limit=1001")]
    [InlineData("/api/v1/twins?limit=abc")]
    [InlineData("/api/v1/twins?offset=-1")]
    [InlineData("/api/v1/twins?status=sleeping")]
    [InlineData("/api/v1/twins?status=1")]
    [InlineData("/api/v1/twins?status=online,offline")]
    [InlineData("/api/v1/twins?lifecycle=active,suspended")]
    [InlineData("/api/v1/twins?lifecycle=gone")]
    [InlineData("/api/v1/twins?type=a%20b")]
    [InlineData("/api/v1/devices?limit=5000")]
    [InlineData("/api/v1/twins/some-id/telemetry?start=notadate")]
    [InlineData("/api/v1/twins/some-id/telemetry?start=2026-02-05&end=2026-02-01")]
    [InlineData("/api/v1/twins/some-id/telemetry?from=2026-02-05&to=2026-02-01")]
    [InlineData("/api/v1/twins/UPPER")]
    [InlineData("/api/v1/devices/bad%20id/health")]
    public async Task BadQueriesAreValidationErrors(string path)
    {
        var call = await Send(HttpMethod.Get, path);
        Assert.True(call.Status == HttpStatusCode.BadRequest, $"{path}: {call}");
        Assert.Equal("VALIDATION_ERROR", call.ErrorCode);
    }

    [Theory]
    [InlineData("GET", "/api/v1/twins/no-such-twin", "TWIN_NOT_FOUND")]
    [InlineData("GET", "/api/v1/twins/no-such-twin/state", "TWIN_NOT_FOUND")]
    [InlineData("GET", "/api/v1/twins/no-such-twin/telemetry", "TWIN_NOT_FOUND")]
    [InlineData("GET", "/api/v1/devices/no-such-twin/health", "TWIN_NOT_FOUND")]
    [InlineData("POST", "/api/v1/twins/no-such-twin/activate", "TWIN_NOT_FOUND")]
    [InlineData("DELETE", "/api/v1/twins/no-such-twin", "TWIN_NOT_FOUND")]
    [InlineData("GET", "/api/v1/nothing-here", "NOT_FOUND")]
    public async Task MissingResourcesAre404InTheEnvelope(string method, string path, string code)
    {
        var call = await Send(new HttpMethod(method), path);
        Assert.True(call.Status == HttpStatusCode.NotFound, $"{path}: {call}");
        Assert.Equal(code, call.ErrorCode);
    }

    [Fact]
    public async Task WrongMethodIs405InTheEnvelope()
    {
        var call = await Send(HttpMethod.Patch, "/api/v1/twins");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, call.Status);
        Assert.Equal("METHOD_NOT_ALLOWED", call.ErrorCode);
    }

    [Theory]
    [InlineData("/api/v1/twins?offset=abc", "'offset'")]
    [InlineData("/api/v1/twins?limit=1x", "'limit'")]
    [InlineData("/api/v1/twins?limit=99999999999", "'limit'")]
    [InlineData("/api/v1/devices?offset=1.5", "'offset'")]
    [InlineData("/api/v1/twins/some-id/telemetry?from=notadate", "'from'")]
    [InlineData("/api/v1/twins/some-id/telemetry?end=notadate", "'end'")]
    [InlineData("/api/v1/twins/some-id/telemetry?limit=ten", "'limit'")]
    [InlineData("/api/v1/twins/some-id/network?to=soon", "'to'")]
    [InlineData("/api/v1/twins/some-id/network?limit=x", "'limit'")]
    [InlineData("/api/v1/datasets/export?from=yesterday", "'from'")]
    [InlineData("/api/v1/twins/some-id/commands?limit=all", "'limit'")]
    [InlineData("/api/v1/commands/jobs/some-job/targets?offset=x", "'offset'")]
    public async Task UnreadableParametersAreNamedWithoutDotNetTypeNames(string path, string named)
    {
        var call = await Send(HttpMethod.Get, path);
        Assert.True(call.Status == HttpStatusCode.BadRequest, $"{path}: {call}");
        Assert.Equal("VALIDATION_ERROR", call.ErrorCode);
        var message = call.Body.GetProperty("error").GetProperty("message").GetString()!;
        Assert.Contains(named, message, StringComparison.Ordinal);
        AssertNamesNoDotNetType(message);
    }

    [Theory]
    [InlineData("{\"id\":5,\"type\":\"x\"}")]
    [InlineData("[]")]
    [InlineData("{\"id\":\"ok-id\",\"type\":[\"x\"]}")]
    [InlineData("{\"id\":")]
    public async Task BodiesOfTheWrongShapeNameNoDotNetTypes(string body)
    {
        var call = await Send(HttpMethod.Post, "/api/v1/twins", body);
        Assert.Equal(HttpStatusCode.BadRequest, call.Status);
        Assert.Equal("INVALID_JSON", call.ErrorCode);
        AssertNamesNoDotNetType(call.Body.GetProperty("error").GetProperty("message").GetString()!);
    }

    [Fact]
    public async Task MissingBodyIsNamedWithoutDotNetTypeNames()
    {
        var call = await Send(HttpMethod.Put, "/api/v1/twins/some-id/state", "");
        Assert.Equal(HttpStatusCode.BadRequest, call.Status);
        Assert.Contains("body", call.Body.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        AssertNamesNoDotNetType(call.Body.GetProperty("error").GetProperty("message").GetString()!);
    }

    [Fact]
    public async Task EveryRouteRefusesAQueryParameterItDoesNotRead()
    {
        foreach (var (method, path) in await RoutesAsync())
        {
            var call = await Send(method, path + "?lmit=5", method == HttpMethod.Get || method == HttpMethod.Delete ? null : "{}");
            Assert.True(call.Status == HttpStatusCode.BadRequest, $"{method} {path}: {call}");
            Assert.Equal("UNKNOWN_PARAMETER", call.ErrorCode);
            Assert.Contains("'lmit'", call.Body.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        }

        // Route values are not query parameters, and open-ended metadata filters stay open where they are read.
        Assert.Equal("UNKNOWN_PARAMETER", (await Send(HttpMethod.Get, "/api/v1/twins/some-id?id=other")).ErrorCode);
        Assert.Equal(HttpStatusCode.OK, (await Send(HttpMethod.Get, "/api/v1/twins?metadata.location=nowhere&limit=5")).Status);
        Assert.Equal(HttpStatusCode.OK, (await Send(HttpMethod.Get, "/api/v1/devices?metadata.location=nowhere")).Status);
    }

    [Fact]
    public async Task EveryGetRouteAnswersHeadAsItAnswersGet()
    {
        var id = DeviceTelemetryTests.NewId("head");
        await Send(HttpMethod.Post, "/api/v1/twins", $$"""{"id":"{{id}}","type":"sensor"}""");
        foreach (var (method, template) in await RoutesAsync())
        {
            // Event streams never end, so a HEAD on them would hold the connection open like a GET.
            if (method != HttpMethod.Get || template.EndsWith("/events", StringComparison.Ordinal) || template.EndsWith("/events/batches", StringComparison.Ordinal))
            {
                continue;
            }

            var path = template.Replace("some-id", id, StringComparison.Ordinal);
            using var get = await _silo.Http.GetAsync(path);
            using var head = await _silo.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));
            Assert.True(get.StatusCode == head.StatusCode, $"HEAD {path}: {(int)head.StatusCode}, GET {(int)get.StatusCode}");
            Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        }
    }

    [Fact]
    public async Task OverlongUrlIs414InTheEnvelope()
    {
        var call = await Send(HttpMethod.Get, "/api/v1/twins?type=" + new string('a', 20_000));
        Assert.Equal(HttpStatusCode.RequestUriTooLong, call.Status);
        Assert.Equal("URI_TOO_LONG", call.ErrorCode);
    }

    /// <summary>Every operation the OpenAPI document describes, with its path parameters filled in.</summary>
    private async Task<List<(HttpMethod Method, string Path)>> RoutesAsync()
    {
        using var document = JsonDocument.Parse(await _silo.Http.GetStringAsync("/openapi/v1.json"));
        var routes = new List<(HttpMethod, string)>();
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            var filled = Regex.Replace(path.Name, "{[^}]+}", "some-id");
            foreach (var operation in path.Value.EnumerateObject())
            {
                // Any route may refuse a parameter, so the document must say every one can answer 400.
                Assert.True(operation.Value.GetProperty("responses").TryGetProperty("400", out _), $"{operation.Name} {path.Name} documents no 400");
                routes.Add((new HttpMethod(operation.Name.ToUpperInvariant()), filled));
            }
        }

        Assert.True(routes.Count > 30, $"only {routes.Count} routes in the OpenAPI document");
        return routes;
    }

    private static void AssertNamesNoDotNetType(string message)
    {
        foreach (var typeName in new[] { "Nullable", "Int32", "int ", "DateTimeOffset", "System.", "DigitalTwin.", "JsonElement", "String" })
        {
            Assert.DoesNotContain(typeName, message, StringComparison.Ordinal);
        }
    }

    private Task<ApiCall> Send(HttpMethod method, string path, string? json = null) => ApiCall.SendAsync(_silo.Http, method, path, json);
}
