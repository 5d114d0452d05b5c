using System.Net;
using System.Text.Json;
using DigitalTwin.EndToEnd.Tests.Infrastructure;

namespace DigitalTwin.EndToEnd.Tests;

/// <summary>
/// Commands against the real silo with a device made of <c>mosquitto_sub</c>/<c>mosquitto_pub</c>:
/// the round trip with success, failure and timeout, offline queueing, acks that match nothing, jobs.
/// </summary>
[Collection(SiloCollection.Name)]
public sealed class CommandTests(SiloFixture fixture)
{
    private readonly SiloProcess _silo = fixture.Silo;
    private readonly Mosquitto _mqtt = fixture.Mqtt;

    private Task<ApiCall> Send(HttpMethod method, string path, string? json = null) => ApiCall.SendAsync(_silo.Http, method, path, json);

    private async Task<string> CreateLightAsync(string prefix, string group = "none")
    {
        var id = DeviceTelemetryTests.NewId(prefix);
        var created = await Send(HttpMethod.Post, "/api/v1/twins", $$$"""{"id":"{{{id}}}","type":"smart_light","metadata":{"group":"{{{group}}}"}}""");
        Assert.True(created.Status == HttpStatusCode.Created, created.ToString());
        return id;
    }

    private async Task<CommandDevice> OnlineDeviceAsync(string id)
    {
        var device = await CommandDevice.ConnectAsync(_mqtt, id);
        await device.AnnounceOnlineAsync();
        await Eventually.GetAsync(() => _silo.GetDataAsync($"/api/v1/twins/{id}"), t => t.GetProperty("status").GetString() == "online", what: $"{id} online");
        return device;
    }

    [Fact]
    public async Task ACommandRoundTripsToTheDeviceAndBackWithItsResult()
    {
        var id = await CreateLightAsync("cmd-ok");
        using var device = await OnlineDeviceAsync(id);

        var posting = Send(HttpMethod.Post, $"/api/v1/twins/{id}/command?wait=10s", """{"action":"set_brightness","parameters":{"brightness":75,"duration":2},"timeout":10}""");
        var command = await device.ReceiveAsync();
        var commandId = command.GetProperty("command_id").GetString()!;
        Assert.Equal(id, command.GetProperty("device_id").GetString());
        Assert.Equal("set_brightness", command.GetProperty("action").GetString());
        Assert.Equal(75, command.GetProperty("parameters").GetProperty("brightness").GetInt32());
        Assert.Equal(10, command.GetProperty("timeout").GetDouble());
        await device.AckAsync(commandId, "success", ""","result":{"brightness":75,"execution_time":0.5}""");

        var answer = await posting;
        Assert.True(answer.Status == HttpStatusCode.OK, answer.ToString());
        Assert.Equal(commandId, answer.Data.GetProperty("command_id").GetString());
        Assert.Equal("succeeded", answer.Data.GetProperty("status").GetString());
        Assert.Equal(0.5, answer.Data.GetProperty("result").GetProperty("execution_time").GetDouble());
        var read = await Send(HttpMethod.Get, $"/api/v1/twins/{id}/commands/{commandId}");
        Assert.Equal("succeeded", read.Data.GetProperty("status").GetString());
        Assert.True(read.Data.GetProperty("completed_at").GetDateTimeOffset() >= read.Data.GetProperty("sent_at").GetDateTimeOffset());
    }

    [Fact]
    public async Task AFailureAckFinishesTheCommandAsFailedWithTheDevicesMessage()
    {
        var id = await CreateLightAsync("cmd-fail");
        using var device = await OnlineDeviceAsync(id);

        var sent = await Send(HttpMethod.Post, $"/api/v1/twins/{id}/command", """{"action":"turn_on"}""");
        Assert.True(sent.Status == HttpStatusCode.Accepted, sent.ToString());
        Assert.Equal("sent", sent.Data.GetProperty("status").GetString());
        var commandId = (await device.ReceiveAsync()).GetProperty("command_id").GetString()!;
        await device.AckAsync(commandId, "failed", ",\"message\":\"relay stuck\"");

        var finished = await Send(HttpMethod.Get, $"/api/v1/twins/{id}/commands/{commandId}?wait=5s");
        Assert.Equal("failed", finished.Data.GetProperty("status").GetString());
        Assert.Equal("relay stuck", finished.Data.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task ACommandWithoutAckTimesOut()
    {
        var id = await CreateLightAsync("cmd-timeout");
        using var device = await OnlineDeviceAsync(id);

        var answer = await Send(HttpMethod.Post, $"/api/v1/twins/{id}/command?wait=8s", """{"action":"turn_off","timeout":1}""");

        Assert.True(answer.Status == HttpStatusCode.OK, answer.ToString());
        Assert.Equal("timed_out", answer.Data.GetProperty("status").GetString());
        Assert.Single(device.Received());
        var commandId = answer.Data.GetProperty("command_id").GetString()!;
        await device.AckAsync(commandId, "success");
        var late = await Eventually.GetAsync(
            () => _silo.GetDataAsync($"/api/v1/twins/{id}/commands"), page => page.GetProperty("unmatched_acks").GetInt64() == 1, what: "the late ack counted");
        Assert.Equal("timed_out", late.GetProperty("commands")[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task CommandsToAnOfflineDeviceQueueAndGoOutInOrderWhenItComesOnline()
    {
        var id = await CreateLightAsync("cmd-queue");
        var first = await Send(HttpMethod.Post, $"/api/v1/twins/{id}/command", """{"action":"turn_on","parameters":{"brightness":10}}""");
        var second = await Send(HttpMethod.Post, $"/api/v1/twins/{id}/command", """{"action":"set_color","parameters":{"kelvin":2700}}""");
        Assert.Equal("queued", first.Data.GetProperty("status").GetString());
        Assert.Equal("queued", second.Data.GetProperty("status").GetString());

        using var device = await CommandDevice.ConnectAsync(_mqtt, id);
        Assert.Empty(device.Received());
        await device.AnnounceOnlineAsync();

        await device.ReceiveAsync(1);
        Assert.Equal(
            [first.Data.GetProperty("command_id").GetString(), second.Data.GetProperty("command_id").GetString()],
            device.Received().Select(c => c.GetProperty("command_id").GetString()));
        var queued = await _silo.GetDataAsync($"/api/v1/twins/{id}/commands?status=queued");
        Assert.Equal(0, queued.GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task AWebSocketFollowsACommandsStatusFromQueueToAck()
    {
        var id = await CreateLightAsync("cmd-feed");
        await using var feed = await FeedSocket.ConnectAsync(_silo);
        await feed.SubscribeAsync($$"""{"action":"subscribe","twin_id":"{{id}}","events":["command_status"]}""");

        var commandId = (await Send(HttpMethod.Post, $"/api/v1/twins/{id}/command", """{"action":"turn_on"}""")).Data.GetProperty("command_id").GetString()!;
        var queued = await feed.NextAsync(f => f.GetProperty("type").GetString() == "command_status");
        using var device = await OnlineDeviceAsync(id);
        var sent = await feed.NextAsync(f => f.GetProperty("type").GetString() == "command_status");
        await device.AckAsync(commandId, "success");
        var succeeded = await feed.NextAsync(f => f.GetProperty("type").GetString() == "command_status");

        Assert.Equal(
            [("queued", commandId), ("sent", commandId), ("succeeded", commandId)],
            new[] { queued, sent, succeeded }.Select(e => (e.GetProperty("status").GetString(), e.GetProperty("command_id").GetString())));
        Assert.Equal("sent", succeeded.GetProperty("previous").GetString());
    }

    [Fact]
    public async Task AQueuedCommandExpiresWhenTheDeviceStaysOffline()
    {
        var id = await CreateLightAsync("cmd-expire");
        var queued = await Send(HttpMethod.Post, $"/api/v1/twins/{id}/command", """{"action":"turn_off","ttl":1}""");
        var commandId = queued.Data.GetProperty("command_id").GetString();

        var expired = await Send(HttpMethod.Get, $"/api/v1/twins/{id}/commands/{commandId}?wait=8s");

        Assert.Equal("expired", expired.Data.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, expired.Data.GetProperty("sent_at").ValueKind);
    }

    [Fact]
    public async Task UnknownAndRepeatedAcksChangeNothingAndAreCounted()
    {
        var id = await CreateLightAsync("cmd-dup");
        using var device = await OnlineDeviceAsync(id);
        var answer = Send(HttpMethod.Post, $"/api/v1/twins/{id}/command?wait=10s", """{"action":"turn_on"}""");
        var commandId = (await device.ReceiveAsync()).GetProperty("command_id").GetString()!;
        await device.AckAsync(commandId, "success");
        Assert.Equal("succeeded", (await answer).Data.GetProperty("status").GetString());

        await device.AckAsync(commandId, "failed");
        await device.AckAsync("cmd-never-sent", "success");

        var page = await Eventually.GetAsync(
            () => _silo.GetDataAsync($"/api/v1/twins/{id}/commands"), p => p.GetProperty("unmatched_acks").GetInt64() == 2, what: "two unmatched acks");
        Assert.Equal("succeeded", Assert.Single(page.GetProperty("commands").EnumerateArray()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task AMalformedAckIsRefusedOnTheErrorTopic()
    {
        var id = await CreateLightAsync("cmd-badack");
        using var errors = await _mqtt.SubscribeAsync(id + "-errors", $"device/{id}/error");

        await _mqtt.PublishAsync($"device/{id}/ack", """{"command_id":"c 1","status":"success"}""", clientId: id + "-ack");

        var error = await errors.WaitForLineAsync(l => l.StartsWith($"device/{id}/error ", StringComparison.Ordinal), "the error reply");
        Assert.Contains("\"error_code\":\"INVALID_VALUE\"", error);
        Assert.Contains("command_id", error);
    }

    [Fact]
    public async Task AClientPublishingOnACommandTopicIsRefusedAndTheDeviceGetsNothing()
    {
        var id = await CreateLightAsync("cmd-forged");
        using var device = await OnlineDeviceAsync(id);
        using var errors = await _mqtt.SubscribeAsync(id + "-errors", $"device/{id}/error");

        await _mqtt.PublishAsync($"device/{id}/command", """{"command_id":"forged","action":"turn_on"}""", clientId: id + "-intruder");

        var error = await errors.WaitForLineAsync(l => l.StartsWith($"device/{id}/error ", StringComparison.Ordinal), "the refusal");
        Assert.Contains("\"error_code\":\"FORBIDDEN_TOPIC\"", error);
        Assert.Empty(device.Received());
    }

    [Fact]
    public async Task CancelledCommandsNeverReachTheDevice()
    {
        var id = await CreateLightAsync("cmd-cancel");
        var queued = await Send(HttpMethod.Post, $"/api/v1/twins/{id}/commands", """{"action":"turn_on"}""");
        var commandId = queued.Data.GetProperty("command_id").GetString();

        var cancelled = await Send(HttpMethod.Delete, $"/api/v1/twins/{id}/commands/{commandId}");
        var again = await Send(HttpMethod.Delete, $"/api/v1/twins/{id}/commands/{commandId}");
        using var device = await OnlineDeviceAsync(id);

        Assert.Equal("cancelled", cancelled.Data.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, again.Status);
        Assert.Equal("COMMAND_FINISHED", again.ErrorCode);
        Assert.Empty(device.Received());
    }

    [Fact]
    public async Task TheSameCommandIdIsIdempotent()
    {
        var id = await CreateLightAsync("cmd-idem");
        var body = """{"action":"turn_on","command_id":"order-42"}""";

        var first = await Send(HttpMethod.Post, $"/api/v1/twins/{id}/command", body);
        var second = await Send(HttpMethod.Post, $"/api/v1/twins/{id}/command", body);
        var conflict = await Send(HttpMethod.Post, $"/api/v1/twins/{id}/command", """{"action":"turn_off","command_id":"order-42"}""");

        Assert.Equal(HttpStatusCode.Accepted, first.Status);
        Assert.Equal(HttpStatusCode.OK, second.Status);
        Assert.Equal("order-42", second.Data.GetProperty("command_id").GetString());
        Assert.Equal(HttpStatusCode.Conflict, conflict.Status);
        Assert.Equal("COMMAND_ID_CONFLICT", conflict.ErrorCode);
        Assert.Equal(1, (await _silo.GetDataAsync($"/api/v1/twins/{id}/commands")).GetProperty("count").GetInt32());
    }

    public static TheoryData<string, HttpStatusCode, string, string> BadCommands => new()
    {
        { """{"action":"self_destruct"}""", HttpStatusCode.BadRequest, "UNKNOWN_ACTION", "device type 'smart_light' has no action 'self_destruct'" },
        { """{"action":"set_brightness","parameters":{"brightness":150}}""", HttpStatusCode.BadRequest, "INVALID_PARAMETERS", "must be between 0 and 100" },
        { """{"action":"set_brightness"}""", HttpStatusCode.BadRequest, "INVALID_PARAMETERS", "requires parameter 'brightness'" },
        { """{"action":"set_brightness","parameters":{"brightness":"max"}}""", HttpStatusCode.BadRequest, "INVALID_PARAMETERS", "must be an integer" },
        { """{"action":"turn_on","parameters":[1]}""", HttpStatusCode.BadRequest, "VALIDATION_ERROR", "'parameters' must be an object" },
        { """{"action":"turn_on","parameters":{"x":{"y":1}}}""", HttpStatusCode.BadRequest, "VALIDATION_ERROR", "'parameters'" },
        { """{"action":42}""", HttpStatusCode.BadRequest, "VALIDATION_ERROR", "'action' is required" },
        { """{"parameters":{}}""", HttpStatusCode.BadRequest, "VALIDATION_ERROR", "'action' is required" },
        { """{"action":"turn_on","qos":3}""", HttpStatusCode.BadRequest, "VALIDATION_ERROR", "'qos' must be 1 or 2" },
        { """{"action":"turn_on","timeout":-1}""", HttpStatusCode.BadRequest, "VALIDATION_ERROR", "'timeout' must be a number of seconds" },
        { """{"action":"turn_on","timeout":"10"}""", HttpStatusCode.BadRequest, "VALIDATION_ERROR", "'timeout' must be a number of seconds" },
        { """{"action":"turn_on","ttl":99999999}""", HttpStatusCode.BadRequest, "VALIDATION_ERROR", "'ttl' must be a number of seconds" },
        { """{"action":"turn_on","command_id":"has space"}""", HttpStatusCode.BadRequest, "VALIDATION_ERROR", "'command_id' must be a string" },
        { """{"action":"turn_on","brightness":75}""", HttpStatusCode.BadRequest, "VALIDATION_ERROR", "unknown field 'brightness'" },
        { """{"action":"turn_on","action":"turn_off"}""", HttpStatusCode.BadRequest, "VALIDATION_ERROR", "'action' appears more than once" },
        { """["turn_on"]""", HttpStatusCode.BadRequest, "VALIDATION_ERROR", "the body must be a JSON object" },
        { """{"action":"turn_on" """, HttpStatusCode.BadRequest, "INVALID_JSON", "" },
    };

    [Theory]
    [MemberData(nameof(BadCommands))]
    public async Task BadCommandsAreRefusedAndNothingIsQueued(string body, HttpStatusCode status, string code, string message)
    {
        var id = await CreateLightAsync("cmd-bad");

        var answer = await Send(HttpMethod.Post, $"/api/v1/twins/{id}/command", body);

        Assert.True(answer.Status == status, answer.ToString());
        Assert.Equal(code, answer.ErrorCode);
        Assert.Contains(message, answer.Body.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(0, (await _silo.GetDataAsync($"/api/v1/twins/{id}/commands")).GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task OversizedAndMisaddressedRequestsGetClearErrors()
    {
        var id = await CreateLightAsync("cmd-edges");
        // Just over Api:MaxRequestBodyBytes (1 MiB): a far larger body races the 413 and the client can fail
        // writing the rest into a connection the server has already answered.
        var huge = $$$"""{"action":"turn_on","parameters":{"note":"{{{new string('x', (1024 * 1024) + 16)}}}"}}""";

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await Send(HttpMethod.Post, $"/api/v1/twins/{id}/command", huge)).Status);
        Assert.Equal("TWIN_NOT_FOUND", (await Send(HttpMethod.Post, "/api/v1/twins/no-such-light/command", """{"action":"turn_on"}""")).ErrorCode);
        Assert.Equal("VALIDATION_ERROR", (await Send(HttpMethod.Post, "/api/v1/twins/BAD%20ID/command", """{"action":"turn_on"}""")).ErrorCode);
        Assert.Equal("COMMAND_NOT_FOUND", (await Send(HttpMethod.Get, $"/api/v1/twins/{id}/commands/cmd-none")).ErrorCode);
        Assert.Equal("TWIN_NOT_FOUND", (await Send(HttpMethod.Get, "/api/v1/twins/no-such-light/commands/cmd-none")).ErrorCode);
        Assert.Equal("VALIDATION_ERROR", (await Send(HttpMethod.Get, $"/api/v1/twins/{id}/commands?status=done")).ErrorCode);
        Assert.Equal("VALIDATION_ERROR", (await Send(HttpMethod.Get, $"/api/v1/twins/{id}/commands?limit=0")).ErrorCode);
        Assert.Equal("VALIDATION_ERROR", (await Send(HttpMethod.Post, $"/api/v1/twins/{id}/command?wait=1h", """{"action":"turn_on"}""")).ErrorCode);
        Assert.Equal("VALIDATION_ERROR", (await Send(HttpMethod.Get, $"/api/v1/twins/{id}/commands/x?wait=-5")).ErrorCode);
        Assert.Equal("VALIDATION_ERROR", (await Send(HttpMethod.Get, $"/api/v1/twins/{id}/commands/x?wait=NaN")).ErrorCode);
        Assert.Equal("VALIDATION_ERROR", (await Send(HttpMethod.Post, $"/api/v1/twins/{id}/command", """{"action":"turn_on","timeout":1e-300}""")).ErrorCode);
        Assert.Equal(0, (await _silo.GetDataAsync($"/api/v1/twins/{id}/commands")).GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task DeviceTypesListTheirActionsAndParameterSchemas()
    {
        var types = await _silo.GetDataAsync("/api/v1/device-types");
        var light = await _silo.GetDataAsync("/api/v1/device-types/smart_light");
        var missing = await Send(HttpMethod.Get, "/api/v1/device-types/toaster");

        Assert.Contains(types.EnumerateArray(), t => t.GetProperty("type").GetString() == "industrial_equipment");
        var brightness = light.GetProperty("actions").GetProperty("set_brightness").GetProperty("parameters").GetProperty("brightness");
        Assert.Equal("integer", brightness.GetProperty("type").GetString());
        Assert.Equal(100, brightness.GetProperty("maximum").GetDouble());
        Assert.Equal("DEVICE_TYPE_NOT_FOUND", missing.ErrorCode);
    }

    [Fact]
    public async Task AJobSendsToEveryTwinItsFilterSelectsWithAResultPerTwin()
    {
        var group = "grp" + Guid.NewGuid().ToString("N")[..8];
        var devices = new List<CommandDevice>();
        for (var i = 0; i < 3; i++)
        {
            devices.Add(await OnlineDeviceAsync(await CreateLightAsync($"job{i}", group)));
        }

        try
        {
            await Eventually.GetAsync(
                () => _silo.GetDataAsync($"/api/v1/twins?metadata.group={group}"), l => l.GetProperty("count").GetInt32() == 3, what: "the directory lists the group");

            var started = await Send(HttpMethod.Post, "/api/v1/commands/jobs",
                $$$"""{"filter":{"type":"smart_light","metadata":{"group":"{{{group}}}"}},"action":"set_brightness","parameters":{"brightness":40},"timeout":3}""");
            Assert.True(started.Status == HttpStatusCode.Accepted, started.ToString());
            var jobId = started.Data.GetProperty("job_id").GetString();

            var acked = devices[0];
            var commandId = (await acked.ReceiveAsync()).GetProperty("command_id").GetString()!;
            await acked.AckAsync(commandId, "success");
            await devices[1].ReceiveAsync();

            var done = await Eventually.GetAsync(
                () => _silo.GetDataAsync($"/api/v1/commands/jobs/{jobId}"), j => j.GetProperty("status").GetString() == "completed", TimeSpan.FromSeconds(20), "the job to complete");
            Assert.Equal(3, done.GetProperty("targets").GetInt32());
            Assert.Equal(1, done.GetProperty("counts").GetProperty("succeeded").GetInt32());
            Assert.Equal(2, done.GetProperty("counts").GetProperty("timed_out").GetInt32());
            var timedOut = await _silo.GetDataAsync($"/api/v1/commands/jobs/{jobId}/targets?outcome=timed_out");
            Assert.Equal(
                devices.Skip(1).Select(d => d.Id).Order(StringComparer.Ordinal),
                timedOut.GetProperty("targets").EnumerateArray().Select(t => t.GetProperty("twin_id").GetString()));
        }
        finally
        {
            devices.ForEach(d => d.Dispose());
        }
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesCommandsJobsAndDeviceTypes()
    {
        var paths = (await Send(HttpMethod.Get, "/openapi/v1.json")).Body.GetProperty("paths");

        var send = paths.GetProperty("/api/v1/twins/{id}/command").GetProperty("post");
        Assert.Contains("queued while it is offline", send.GetProperty("summary").GetString());
        Assert.Contains(send.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "wait");
        Assert.True(send.GetProperty("responses").TryGetProperty("429", out _));
        Assert.True(paths.GetProperty("/api/v1/twins/{id}/commands/{commandId}").TryGetProperty("delete", out _));
        Assert.True(paths.GetProperty("/api/v1/commands/jobs").TryGetProperty("post", out _));
        Assert.True(paths.GetProperty("/api/v1/commands/jobs/{jobId}/targets").TryGetProperty("get", out _));
        Assert.True(paths.GetProperty("/api/v1/device-types/{type}").TryGetProperty("get", out _));
    }

    [Fact]
    public async Task BadJobsAreRefused()
    {
        Assert.Equal("VALIDATION_ERROR", (await Send(HttpMethod.Post, "/api/v1/commands/jobs", """{"action":"turn_on"}""")).ErrorCode);
        Assert.Equal("VALIDATION_ERROR", (await Send(HttpMethod.Post, "/api/v1/commands/jobs", """{"action":"turn_on","filter":{},"twin_ids":["a"]}""")).ErrorCode);
        Assert.Equal("VALIDATION_ERROR", (await Send(HttpMethod.Post, "/api/v1/commands/jobs", """{"action":"turn_on","filter":{"colour":"red"}}""")).ErrorCode);
        Assert.Equal("VALIDATION_ERROR", (await Send(HttpMethod.Post, "/api/v1/commands/jobs", """{"action":"turn_on","filter":{"status":"sleepy"}}""")).ErrorCode);
        Assert.Equal("VALIDATION_ERROR", (await Send(HttpMethod.Post, "/api/v1/commands/jobs", """{"action":"turn_on","twin_ids":["UPPER"]}""")).ErrorCode);
        Assert.Equal("VALIDATION_ERROR", (await Send(HttpMethod.Post, "/api/v1/commands/jobs", """{"action":"turn_on","twin_ids":[]}""")).ErrorCode);
        Assert.Equal("VALIDATION_ERROR", (await Send(HttpMethod.Post, "/api/v1/commands/jobs", """{"action":"turn_on","twin_ids":["a"],"command_id":"x"}""")).ErrorCode);
        Assert.Equal("JOB_NOT_FOUND", (await Send(HttpMethod.Get, "/api/v1/commands/jobs/job-nope")).ErrorCode);
        Assert.Equal("JOB_NOT_FOUND", (await Send(HttpMethod.Get, $"/api/v1/commands/jobs/job-{Guid.NewGuid():N}/targets")).ErrorCode);
    }
}
