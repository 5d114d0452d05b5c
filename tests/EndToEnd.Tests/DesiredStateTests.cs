using System.Net;
using System.Text.Json;
using DigitalTwin.EndToEnd.Tests.Infrastructure;

namespace DigitalTwin.EndToEnd.Tests;

/// <summary>
/// Desired state against the real silo: set over HTTP, received by an independent device client on
/// device/{id}/desired (retained), cleared from the delta when the device reports, bad input refused.
/// </summary>
[Collection(SiloCollection.Name)]
public sealed class DesiredStateTests(SiloFixture fixture)
{
    private const string MergePatch = "application/merge-patch+json";

    private readonly SiloProcess _silo = fixture.Silo;
    private readonly Mosquitto _mqtt = fixture.Mqtt;

    [Fact]
    public async Task DesiredStateReachesTheDeviceAndItsReportClearsTheDelta()
    {
        var id = await CreateAsync("want");
        using var device = await _mqtt.SubscribeAsync(id, $"device/{id}/desired");

        var patched = await Send(HttpMethod.Patch, $"/api/v1/twins/{id}/desired", """{"setpoint":21,"mode":"eco","fan":null}""", MergePatch);
        Assert.True(patched.Status == HttpStatusCode.OK, patched.ToString());
        Assert.Equal(2, patched.Data.GetProperty("version").GetInt64());
        Assert.Equal(1, patched.Data.GetProperty("desired_version").GetInt64());

        var first = Document(await device.WaitForLineAsync(l => l.StartsWith($"device/{id}/desired {{", StringComparison.Ordinal), "the desired document"));
        Assert.Equal(1, first.GetProperty("version").GetInt64());
        Assert.Equal(21, first.GetProperty("desired").GetProperty("setpoint").GetInt32());
        Assert.Equal("eco", first.GetProperty("delta").GetProperty("mode").GetString());
        Assert.Equal(2, first.GetProperty("delta").EnumerateObject().Count());
        Assert.True(DateTimeOffset.TryParse(first.GetProperty("timestamp").GetString(), out _));

        var (exit, output) = await _mqtt.PublishAsync($"device/{id}/state", """{"setpoint":21,"temperature":19.5}""", clientId: id + "-pub");
        Assert.True(exit == 0, output);

        var second = Document(await device.WaitForLineAsync(
            l => l.StartsWith($"device/{id}/desired ", StringComparison.Ordinal) && !Document(l).GetProperty("delta").TryGetProperty("setpoint", out _),
            "the document with setpoint cleared from the delta"));
        Assert.Equal(1, second.GetProperty("version").GetInt64());
        Assert.Equal("eco", second.GetProperty("delta").GetProperty("mode").GetString());

        var read = await Send(HttpMethod.Get, $"/api/v1/twins/{id}/desired");
        Assert.Equal(["mode"], read.Data.GetProperty("delta").EnumerateObject().Select(p => p.Name));
        Assert.Equal(21, read.Data.GetProperty("reported").GetProperty("setpoint").GetInt32());
        Assert.Equal("eco", read.Data.GetProperty("desired").GetProperty("mode").GetString());
        Assert.True(read.Data.GetProperty("metadata").GetProperty("desired").GetProperty("setpoint").TryGetProperty("updated_at", out _));
        Assert.True(read.Data.GetProperty("metadata").GetProperty("reported").GetProperty("temperature").TryGetProperty("updated_at", out _));

        var twin = await Send(HttpMethod.Get, $"/api/v1/twins/{id}");
        Assert.Equal(21, twin.Data.GetProperty("desired").GetProperty("setpoint").GetInt32());
        Assert.Equal(["mode"], twin.Data.GetProperty("delta").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task ADeviceConnectingLaterReceivesTheRetainedDocument()
    {
        var id = await CreateAsync("late");
        Assert.Equal(HttpStatusCode.OK, (await Send(HttpMethod.Put, $"/api/v1/twins/{id}/desired", """{"brightness":80}""")).Status);
        Assert.Equal(HttpStatusCode.OK, (await Send(HttpMethod.Patch, $"/api/v1/twins/{id}/desired", """{"on":true}""")).Status);

        using var device = await _mqtt.SubscribeAsync(id, $"device/{id}/desired");

        var document = Document(await device.WaitForLineAsync(l => l.StartsWith($"device/{id}/desired ", StringComparison.Ordinal), "the retained document"));
        Assert.Equal(2, document.GetProperty("version").GetInt64());
        Assert.Equal(80, document.GetProperty("desired").GetProperty("brightness").GetInt32());
        Assert.True(document.GetProperty("delta").GetProperty("on").GetBoolean());
    }

    public static TheoryData<string, string, string, HttpStatusCode, string> BadWrites => new()
    {
        { "PUT", "application/json", "{\"setpoint\":", HttpStatusCode.BadRequest, "INVALID_JSON" },
        { "PATCH", MergePatch, "{\"setpoint\":", HttpStatusCode.BadRequest, "INVALID_JSON" },
        { "PUT", "application/json", "[1,2]", HttpStatusCode.BadRequest, "VALIDATION_ERROR" },
        { "PATCH", MergePatch, "[1,2]", HttpStatusCode.BadRequest, "VALIDATION_ERROR" },
        { "PATCH", MergePatch, "null", HttpStatusCode.BadRequest, "VALIDATION_ERROR" },
        { "PATCH", MergePatch, "\"text\"", HttpStatusCode.BadRequest, "VALIDATION_ERROR" },
        { "PUT", "application/json", "{\"setpoint\":null}", HttpStatusCode.BadRequest, "VALIDATION_ERROR" },
        { "PUT", "application/json", "{\"setpoint\":{\"value\":1}}", HttpStatusCode.BadRequest, "VALIDATION_ERROR" },
        { "PATCH", MergePatch, "{\"setpoint\":{\"value\":1}}", HttpStatusCode.BadRequest, "VALIDATION_ERROR" },
        { "PATCH", "application/json", "{\"setpoint\":[1]}", HttpStatusCode.BadRequest, "VALIDATION_ERROR" },
        { "PATCH", MergePatch, "{\"bad name\":1}", HttpStatusCode.BadRequest, "VALIDATION_ERROR" },
        { "PUT", "application/json", "{\"label\":\"" + new string('x', 1025) + "\"}", HttpStatusCode.BadRequest, "VALIDATION_ERROR" },
        { "PATCH", MergePatch, "{" + string.Join(',', Enumerable.Range(0, 257).Select(i => $"\"f{i}\":{i}")) + "}", HttpStatusCode.BadRequest, "VALIDATION_ERROR" },
        { "PATCH", "text/plain", "{\"setpoint\":1}", HttpStatusCode.UnsupportedMediaType, "VALIDATION_ERROR" },
        { "PUT", "text/plain", "{\"setpoint\":1}", HttpStatusCode.UnsupportedMediaType, "VALIDATION_ERROR" },
        { "PATCH", "application/json", "{\"blob\":\"" + new string('x', (1024 * 1024) + 16) + "\"}", HttpStatusCode.RequestEntityTooLarge, "PAYLOAD_TOO_LARGE" },
    };

    [Theory]
    [MemberData(nameof(BadWrites))]
    public async Task BadDesiredWriteIsRefusedAndChangesNothing(string method, string contentType, string body, HttpStatusCode status, string code)
    {
        var id = await CreateAsync("baddes");
        await Send(HttpMethod.Put, $"/api/v1/twins/{id}/desired", """{"setpoint":20}""");
        var before = await Send(HttpMethod.Get, $"/api/v1/twins/{id}/desired");

        var call = await Send(new HttpMethod(method), $"/api/v1/twins/{id}/desired", body, contentType);

        Assert.True(status == call.Status, call.ToString());
        Assert.Equal(code, call.ErrorCode);
        Assert.Equal("error", call.Body.GetProperty("status").GetString());
        Assert.False(string.IsNullOrWhiteSpace(call.Body.GetProperty("error").GetProperty("message").GetString()));
        var after = await Send(HttpMethod.Get, $"/api/v1/twins/{id}/desired");
        Assert.Equal(before.Data.GetProperty("version").GetInt64(), after.Data.GetProperty("version").GetInt64());
        Assert.Equal(before.Data.GetProperty("desired").ToString(), after.Data.GetProperty("desired").ToString());
    }

    [Fact]
    public async Task TooManyDesiredFieldsIsAConflict()
    {
        var id = await CreateAsync("wide");
        var full = "{" + string.Join(',', Enumerable.Range(0, 256).Select(i => $"\"f{i}\":{i}")) + "}";
        Assert.Equal(HttpStatusCode.OK, (await Send(HttpMethod.Put, $"/api/v1/twins/{id}/desired", full)).Status);

        var call = await Send(HttpMethod.Patch, $"/api/v1/twins/{id}/desired", """{"one_more":1}""", MergePatch);

        Assert.Equal(HttpStatusCode.Conflict, call.Status);
        Assert.Equal("TOO_MANY_FIELDS", call.ErrorCode);
        Assert.Equal(2, (await Send(HttpMethod.Get, $"/api/v1/twins/{id}")).Data.GetProperty("version").GetInt64());
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PUT")]
    [InlineData("PATCH")]
    public async Task UnknownTwinIs404(string method)
    {
        var call = await Send(new HttpMethod(method), "/api/v1/twins/no-such-twin/desired", method == "GET" ? null : """{"a":1}""");

        Assert.Equal(HttpStatusCode.NotFound, call.Status);
        Assert.Equal("TWIN_NOT_FOUND", call.ErrorCode);
    }

    [Fact]
    public async Task DecommissionedTwinRefusesDesiredWrites()
    {
        var id = await CreateAsync("gone");
        await Send(HttpMethod.Post, $"/api/v1/twins/{id}/activate");
        await Send(HttpMethod.Post, $"/api/v1/twins/{id}/decommission");

        var put = await Send(HttpMethod.Put, $"/api/v1/twins/{id}/desired", """{"a":1}""");
        var patch = await Send(HttpMethod.Patch, $"/api/v1/twins/{id}/desired", """{"a":1}""", MergePatch);

        Assert.Equal((HttpStatusCode.Conflict, "TWIN_DECOMMISSIONED"), (put.Status, put.ErrorCode));
        Assert.Equal((HttpStatusCode.Conflict, "TWIN_DECOMMISSIONED"), (patch.Status, patch.ErrorCode));
    }

    [Fact]
    public async Task ADevicePublishingOnItsDesiredTopicIsRefused()
    {
        var id = await CreateAsync("forgedes");
        await Send(HttpMethod.Put, $"/api/v1/twins/{id}/desired", """{"setpoint":20}""");
        var before = await Send(HttpMethod.Get, $"/api/v1/twins/{id}/desired");
        using var errors = await _mqtt.SubscribeAsync(id + "-errors", $"device/{id}/error");

        var (exit, output) = await _mqtt.PublishAsync($"device/{id}/desired", """{"version":99,"desired":{"setpoint":99}}""", retain: true, clientId: id);
        Assert.True(exit == 0, output);

        var line = await errors.WaitForLineAsync(l => l.StartsWith($"device/{id}/error ", StringComparison.Ordinal), "FORBIDDEN_TOPIC on the error topic");
        var error = Document(line);
        Assert.Equal("FORBIDDEN_TOPIC", error.GetProperty("error_code").GetString());
        Assert.Equal($"device/{id}/desired", error.GetProperty("details").GetProperty("topic").GetString());

        // An empty retained publish would clear the platform's document: refused as well.
        await _mqtt.PublishAsync($"device/{id}/desired", "", retain: true, clientId: id);

        using var late = await _mqtt.SubscribeAsync(id + "-late", $"device/{id}/desired");
        var retained = Document(await late.WaitForLineAsync(l => l.StartsWith($"device/{id}/desired ", StringComparison.Ordinal), "the platform's retained document"));
        Assert.Equal(20, retained.GetProperty("desired").GetProperty("setpoint").GetInt32());
        Assert.DoesNotContain(late.Lines, l => l.Contains("\"setpoint\":99", StringComparison.Ordinal));
        var after = await Send(HttpMethod.Get, $"/api/v1/twins/{id}/desired");
        Assert.Equal(before.Data.GetProperty("version").GetInt64(), after.Data.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesTheDesiredRoutes()
    {
        var document = await Send(HttpMethod.Get, "/openapi/v1.json");

        var path = document.Body.GetProperty("paths").GetProperty("/api/v1/twins/{id}/desired");
        Assert.Equal("GetDesired", path.GetProperty("get").GetProperty("operationId").GetString());
        Assert.Equal("ReplaceDesired", path.GetProperty("put").GetProperty("operationId").GetString());
        var patch = path.GetProperty("patch");
        Assert.Equal("PatchDesired", patch.GetProperty("operationId").GetString());
        Assert.Equal("Desired state", patch.GetProperty("tags")[0].GetString());
        Assert.False(string.IsNullOrWhiteSpace(patch.GetProperty("summary").GetString()));
        Assert.True(patch.GetProperty("requestBody").GetProperty("content").TryGetProperty(MergePatch, out _), patch.ToString());
        Assert.True(patch.GetProperty("responses").TryGetProperty("415", out _), patch.ToString());
    }

    [Fact]
    public async Task DesiredWritesCarryTheETagAndHonourIfMatch()
    {
        var id = await CreateAsync("want-etag");

        var read = await Send(HttpMethod.Get, $"/api/v1/twins/{id}/desired");
        var stale = await ApiCall.SendAsync(_silo.Http, HttpMethod.Patch, $"/api/v1/twins/{id}/desired", """{"mode":"eco"}""", MergePatch, [("If-Match", "\"0\"")]);
        var written = await ApiCall.SendAsync(_silo.Http, HttpMethod.Put, $"/api/v1/twins/{id}/desired", """{"mode":"eco"}""", headers: [("If-Match", read.ETag!)]);
        var notModified = await ApiCall.SendAsync(_silo.Http, HttpMethod.Get, $"/api/v1/twins/{id}/desired", headers: [("If-None-Match", written.ETag!)]);
        var malformed = await ApiCall.SendAsync(_silo.Http, HttpMethod.Put, $"/api/v1/twins/{id}/desired", """{"mode":"off"}""", headers: [("If-Match", "2")]);

        Assert.Equal("\"1\"", read.ETag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.Status);
        Assert.Equal("PRECONDITION_FAILED", stale.ErrorCode);
        Assert.True(written.Status == HttpStatusCode.OK, written.ToString());
        Assert.Equal("\"2\"", written.ETag);
        Assert.Equal(HttpStatusCode.NotModified, notModified.Status);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.Status);
        var after = await _silo.GetDataAsync($"/api/v1/twins/{id}/desired");
        Assert.Equal(2, after.GetProperty("version").GetInt64());
        Assert.Equal("eco", after.GetProperty("desired").GetProperty("mode").GetString());
    }

    private async Task<string> CreateAsync(string prefix)
    {
        var id = DeviceTelemetryTests.NewId(prefix);
        var created = await Send(HttpMethod.Post, "/api/v1/twins", $$"""{"id":"{{id}}","type":"thermostat"}""");
        Assert.Equal(HttpStatusCode.Created, created.Status);
        return id;
    }

    /// <summary>The JSON after the topic in a <c>mosquitto_sub -v</c> line.</summary>
    private static JsonElement Document(string line) =>
        JsonDocument.Parse(line[(line.IndexOf(' ') + 1)..]).RootElement.Clone();

    private Task<ApiCall> Send(HttpMethod method, string path, string? json = null, string contentType = "application/json") =>
        ApiCall.SendAsync(_silo.Http, method, path, json, contentType);
}
