using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DigitalTwin.EndToEnd.Tests.Infrastructure;

namespace DigitalTwin.EndToEnd.Tests;

/// <summary>
/// Bad input from devices changes nothing: the twin stays as it was, an error goes to device/{id}/error,
/// a counter records it, and the broker keeps serving.
/// </summary>
[Collection(SiloCollection.Name)]
public sealed class BadDeviceInputTests(SiloFixture fixture)
{
    private readonly SiloProcess _silo = fixture.Silo;
    private readonly Mosquitto _mqtt = fixture.Mqtt;

    public static TheoryData<string, string, string> BadPayloads => new()
    {
        { "malformed", "{\"temperature\":", "INVALID_JSON" },
        { "not-json", "hello", "INVALID_JSON" },
        { "array", "[1,2,3]", "INVALID_PAYLOAD" },
        { "string", "\"23.5\"", "INVALID_PAYLOAD" },
        { "number", "23.5", "INVALID_PAYLOAD" },
        { "null", "null", "INVALID_PAYLOAD" },
        { "empty-object", "{}", "INVALID_PAYLOAD" },
        { "data-not-object", "{\"data\":[1]}", "INVALID_PAYLOAD" },
        { "nested-value", "{\"temperature\":{\"value\":1}}", "INVALID_VALUE" },
        { "array-value", "{\"temperature\":[1,2]}", "INVALID_VALUE" },
        { "null-value", "{\"temperature\":null}", "INVALID_VALUE" },
        { "nan", "{\"temperature\":NaN}", "INVALID_JSON" },
        { "infinity", "{\"temperature\":Infinity}", "INVALID_JSON" },
        { "overflow", "{\"temperature\":1e400}", "INVALID_VALUE" },
        { "hostile-name", "{\"$where\":1}", "INVALID_VALUE" },
        { "timestamp-text", "{\"timestamp\":\"yesterday\",\"temperature\":1}", "INVALID_VALUE" },
        { "timestamp-ms", "{\"timestamp\":1795000000000,\"temperature\":1}", "INVALID_VALUE" },
        { "timestamp-future", "{\"timestamp\":4102444800,\"temperature\":1}", "TIMESTAMP_OUT_OF_RANGE" },
        { "type-number", "{\"type\":5,\"temperature\":1}", "INVALID_VALUE" },
        { "deep", "{\"data\":{\"a\":{\"b\":{\"c\":{\"d\":1}}}}}", "INVALID_JSON" },
        { "duplicate-field", "{\"temperature\":1,\"temperature\":2}", "INVALID_PAYLOAD" },
    };

    [Theory]
    [MemberData(nameof(BadPayloads))]
    public async Task BadPayloadChangesNothingAndIsReportedOnTheErrorTopic(string name, string payload, string code)
    {
        var id = DeviceTelemetryTests.NewId("bad-" + name);
        await EstablishAsync(id);
        await PublishRejectedAsync(id, $"device/{id}/telemetry", payload, code);
    }

    [Fact]
    public async Task PayloadOverTheSizeLimitIsRefused()
    {
        var id = DeviceTelemetryTests.NewId("big");
        await EstablishAsync(id);
        await PublishBytesRejectedAsync(id, Encoding.ASCII.GetBytes("{\"blob\":\"" + new string('x', 70_000) + "\"}"), "PAYLOAD_TOO_LARGE");
    }

    [Fact]
    public async Task PayloadThatIsNotUtf8IsRefused()
    {
        var id = DeviceTelemetryTests.NewId("utf8");
        await EstablishAsync(id);
        await PublishBytesRejectedAsync(id, [.. "{\"label\":\""u8, 0xFF, 0xFE, .. "\"}"u8], "INVALID_JSON");
    }

    [Fact]
    public async Task AnEmptyRetainedStatusClearsTheRetainedMessageWithoutAnError()
    {
        var id = DeviceTelemetryTests.NewId("clear");
        await _mqtt.PublishAsync($"device/{id}/status", "offline", retain: true);
        await Eventually.GetAsync(() => VersionAsync(id), v => v >= 1, what: "twin created by its status");
        var rejected = await RejectedAsync("INVALID_PAYLOAD");

        var (exit, output) = await _mqtt.PublishAsync($"device/{id}/status", "", retain: true);
        Assert.True(exit == 0, output);

        using var late = await _mqtt.SubscribeAsync(id + "-late", $"device/{id}/status");
        await _mqtt.PublishAsync($"device/{id}/status", "online", retain: false, clientId: id + "-now");
        await late.WaitForLineAsync(l => l.StartsWith($"device/{id}/status online", StringComparison.Ordinal), "live status");
        Assert.DoesNotContain(late.Lines, l => l.Contains("offline", StringComparison.Ordinal));

        // The live status is also the marker that the empty one had its turn at the twin: one device's messages reach
        // its twin in the order they were acknowledged, so once the twin is online a refusal of the empty status
        // would have been counted.
        await _silo.TwinWhenAsync(id, t => t.GetProperty("status").GetString() == "online", what: $"the live status applied to twin {id}");
        Assert.Equal(rejected, await RejectedAsync("INVALID_PAYLOAD"));
    }

    [Fact]
    public async Task TooManyFieldsAreRefused()
    {
        var id = DeviceTelemetryTests.NewId("wide");
        await EstablishAsync(id);
        var payload = "{" + string.Join(',', Enumerable.Range(0, 300).Select(i => $"\"f{i}\":{i}")) + "}";
        await PublishRejectedAsync(id, $"device/{id}/telemetry", payload, "INVALID_PAYLOAD");
    }

    [Fact]
    public async Task NewFieldNamesPastTheTwinsLimitAreRefused()
    {
        var id = DeviceTelemetryTests.NewId("grow");
        await EstablishAsync(id);
        for (var batch = 0; batch < 3; batch++)
        {
            var fields = string.Join(',', Enumerable.Range(0, 256).Select(i => $"\"b{batch}_{i}\":{i}"));
            await _mqtt.PublishAsync($"device/{id}/state", "{" + fields + "}");
        }

        await Eventually.GetAsync(() => VersionAsync(id), v => v >= 4, what: "three batches applied");
        var fourth = string.Join(',', Enumerable.Range(0, 256).Select(i => $"\"b3_{i}\":{i}"));
        await PublishRejectedAsync(id, $"device/{id}/state", "{" + fourth + "}", "TOO_MANY_FIELDS", acceptedBefore: 4);
    }

    [Fact]
    public async Task DeviceIdInThePayloadMustMatchTheTopic()
    {
        var id = DeviceTelemetryTests.NewId("spoof");
        await EstablishAsync(id);
        await PublishRejectedAsync(id, $"device/{id}/telemetry", """{"device_id":"someone-else","data":{"temperature":99}}""", "DEVICE_ID_MISMATCH");
    }

    [Fact]
    public async Task UnknownDeviceChannelIsReported()
    {
        var id = DeviceTelemetryTests.NewId("chan");
        await EstablishAsync(id);
        await PublishRejectedAsync(id, $"device/{id}/telemetri", """{"temperature":99}""", "INVALID_TOPIC");
    }

    [Fact]
    public async Task InvalidStatusIsReported()
    {
        var id = DeviceTelemetryTests.NewId("stat");
        await EstablishAsync(id);
        await PublishRejectedAsync(id, $"device/{id}/status", "maybe", "INVALID_PAYLOAD");
    }

    [Theory]
    [InlineData("device/Sensor-001/telemetry")]
    [InlineData("device/sensor 001/telemetry")]
    [InlineData("device/-sensor/telemetry")]
    public async Task InvalidDeviceIdCreatesNoTwinAndIsCounted(string topic)
    {
        var before = await RejectedAsync("INVALID_DEVICE_ID");
        var (exit, output) = await _mqtt.PublishAsync(topic, """{"temperature":1}""");
        Assert.True(exit == 0, output);

        await Eventually.GetAsync(() => RejectedAsync("INVALID_DEVICE_ID"), count => count > before, what: "INVALID_DEVICE_ID counted");
        var id = topic.Split('/')[1];
        using var response = await _silo.Http.GetAsync($"/api/v1/twins/{Uri.EscapeDataString(id.ToLowerInvariant())}");
        Assert.NotEqual(System.Net.HttpStatusCode.OK, response.StatusCode);
        await AssertBrokerServesAsync();
    }

    [Fact]
    public async Task DevicesCannotPublishOnPlatformTopics()
    {
        var id = DeviceTelemetryTests.NewId("forge");
        using var watcher = await _mqtt.SubscribeAsync(id + "-watch", $"twin/{id}/update");
        var before = await RejectedAsync("FORBIDDEN_TOPIC");

        await _mqtt.PublishAsync($"twin/{id}/update", """{"forged":true}""");
        await Eventually.GetAsync(() => RejectedAsync("FORBIDDEN_TOPIC"), count => count > before, what: "forged publish counted");

        await _mqtt.PublishAsync($"device/{id}/telemetry", """{"temperature":5}""");
        await watcher.WaitForLineAsync(l => l.Contains("twin_update", StringComparison.Ordinal), "real twin update");
        Assert.DoesNotContain(watcher.Lines, l => l.Contains("forged", StringComparison.Ordinal));
    }

    private async Task EstablishAsync(string id)
    {
        var (exit, output) = await _mqtt.PublishAsync($"device/{id}/telemetry", """{"temperature":20}""");
        Assert.True(exit == 0, output);
        await Eventually.GetAsync(() => VersionAsync(id), v => v >= 1, what: $"twin {id} created");
    }

    /// <summary>Publishes raw bytes (through a file: mosquitto_pub's -m cannot carry them) and expects a refusal.</summary>
    private async Task PublishBytesRejectedAsync(string id, byte[] payload, string code)
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(file, payload);
            await PublishRejectedAsync(id, $"device/{id}/telemetry", null, code, file);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private async Task PublishRejectedAsync(string id, string topic, string? payload, string code, string? file = null, int acceptedBefore = 1)
    {
        var before = await _silo.GetDataAsync($"/api/v1/twins/{id}");
        var rejectedBefore = await RejectedAsync(code);
        using var errors = await _mqtt.SubscribeAsync(id + "-errors", $"device/{id}/error");

        var (exit, output) = await _mqtt.PublishAsync(topic, payload, file: file);
        Assert.True(exit == 0, output);

        var line = await errors.WaitForLineAsync(l => l.StartsWith($"device/{id}/error ", StringComparison.Ordinal), $"{code} on device/{id}/error");
        using var error = JsonDocument.Parse(line[(line.IndexOf(' ') + 1)..]);
        Assert.Equal(code, error.RootElement.GetProperty("error_code").GetString());
        Assert.Equal(id, error.RootElement.GetProperty("device_id").GetString());
        Assert.Equal("error", error.RootElement.GetProperty("type").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.RootElement.GetProperty("message").GetString()));
        Assert.Equal(topic, error.RootElement.GetProperty("details").GetProperty("topic").GetString());

        // The error reply does not prove that the refused message never reaches the twin: an acknowledged message is
        // applied a moment after its PUBACK. A valid message published afterwards is a marker: one device's messages
        // reach its twin in the order they were acknowledged, so once the marker is applied the refused message has
        // had its turn, and the twin holds the marker's change and nothing else.
        var (markerExit, markerOutput) = await _mqtt.PublishAsync($"device/{id}/telemetry", """{"marker":1}""");
        Assert.True(markerExit == 0, markerOutput);
        var after = await _silo.TwinWhenAsync(id, t => t.GetProperty("state").TryGetProperty("marker", out _), what: $"the marker after the {code} refusal applied to twin {id}");

        Assert.True(await RejectedAsync(code) > rejectedBefore, $"{code} was not counted");
        Assert.Equal(before.GetProperty("version").GetInt64() + 1, after.GetProperty("version").GetInt64());
        var stateWithoutMarker = JsonNode.Parse(after.GetProperty("state").GetRawText())!.AsObject();
        stateWithoutMarker.Remove("marker");
        var stateBefore = JsonNode.Parse(before.GetProperty("state").GetRawText());
        Assert.True(JsonNode.DeepEquals(stateBefore, stateWithoutMarker), $"state before: {stateBefore?.ToJsonString()}\nafter, without the marker: {stateWithoutMarker.ToJsonString()}");
        Assert.Equal(acceptedBefore + 1, after.GetProperty("messages").GetProperty("accepted").GetInt64());
        await AssertBrokerServesAsync();
    }

    private async Task AssertBrokerServesAsync()
    {
        var probe = DeviceTelemetryTests.NewId("alive");
        var (exit, output) = await _mqtt.PublishAsync($"device/{probe}/telemetry", """{"temperature":1}""");
        Assert.True(exit == 0, output);
        await Eventually.GetAsync(() => VersionAsync(probe), v => v >= 1, what: "broker and bridge still serve");
    }

    private async Task<long> RejectedAsync(string code)
    {
        var metrics = await _silo.GetDataAsync("/api/v1/system/metrics");
        return metrics.GetProperty("messages").GetProperty("rejected_by_reason").TryGetProperty(code, out var count) ? count.GetInt64() : 0;
    }

    private async Task<long> VersionAsync(string id)
    {
        using var response = await _silo.Http.GetAsync($"/api/v1/twins/{id}");
        if (!response.IsSuccessStatusCode)
        {
            return 0;
        }

        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("data").GetProperty("version").GetInt64();
    }
}
