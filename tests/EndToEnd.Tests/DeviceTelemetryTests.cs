using System.Text.Json;
using DigitalTwin.EndToEnd.Tests.Infrastructure;

namespace DigitalTwin.EndToEnd.Tests;

/// <summary>Devices publish with mosquitto_pub; the twins are checked over HTTP.</summary>
[Collection(SiloCollection.Name)]
public sealed class DeviceTelemetryTests(SiloFixture fixture)
{
    private readonly SiloProcess _silo = fixture.Silo;
    private readonly Mosquitto _mqtt = fixture.Mqtt;

    [Fact]
    public async Task EnvelopeTelemetryCreatesAnAutoDiscoveredTwinWithItsState()
    {
        var id = NewId("env");
        var (exit, output) = await _mqtt.PublishAsync($"device/{id}/telemetry",
            $$$"""{"device_id":"{{{id}}}","timestamp":{{{Now()}}},"type":"temperature_sensor","data":{"temperature":23.5,"humidity":65.2,"door_open":false,"mode":"eco"},"metadata":{"unit":"celsius"}}""");
        Assert.True(exit == 0, output);

        var twin = await _silo.TwinWhenAsync(id, t => t.GetProperty("version").GetInt64() >= 1);
        Assert.Equal("temperature_sensor", twin.GetProperty("type").GetString());
        Assert.Equal("active", twin.GetProperty("lifecycle").GetString());
        Assert.Equal("online", twin.GetProperty("status").GetString());
        Assert.True(twin.GetProperty("metadata").GetProperty("auto_discovered").GetBoolean());
        var state = twin.GetProperty("state");
        Assert.Equal(23.5, state.GetProperty("temperature").GetDouble());
        Assert.Equal(65.2, state.GetProperty("humidity").GetDouble());
        Assert.False(state.GetProperty("door_open").GetBoolean());
        Assert.Equal("eco", state.GetProperty("mode").GetString());
    }

    [Fact]
    public async Task FlatTelemetryIsAppliedAndKeptInTheTelemetryWindow()
    {
        var id = NewId("flat");
        for (var i = 1; i <= 3; i++)
        {
            var (exit, output) = await _mqtt.PublishAsync($"device/{id}/telemetry", $$"""{"temperature":{{20 + i}},"timestamp":{{Now() + i * 0.001:F3}}}""");
            Assert.True(exit == 0, output);
        }

        var twin = await _silo.TwinWhenAsync(id, t => t.GetProperty("messages").GetProperty("accepted").GetInt64() == 3);
        Assert.Equal(23, twin.GetProperty("state").GetProperty("temperature").GetDouble());
        Assert.Equal("unknown", twin.GetProperty("type").GetString());

        var telemetry = await _silo.GetDataAsync($"/api/v1/twins/{id}/telemetry?limit=2");
        Assert.Equal(2, telemetry.GetProperty("count").GetInt32());
        var points = telemetry.GetProperty("telemetry").EnumerateArray().ToList();
        Assert.Equal(23, points[0].GetProperty("temperature").GetDouble());
        Assert.Equal(22, points[1].GetProperty("temperature").GetDouble());
    }

    [Fact]
    public async Task OneDevicesMessagesReachItsTwinInOrder()
    {
        // Without device timestamps each message is stamped when it arrives; a reordering on the way to the
        // twin would make a later message older than the one applied before it, and count it stale.
        var id = NewId("order");
        var (exit, output) = await _mqtt.PublishLinesAsync($"device/{id}/telemetry", Enumerable.Range(1, 300).Select(i => $$"""{"seq":{{i}}}"""), id);
        Assert.True(exit == 0, output);

        var twin = await _silo.TwinWhenAsync(id, t => t.GetProperty("messages").GetProperty("accepted").GetInt64() + t.GetProperty("messages").GetProperty("stale").GetInt64() == 300);
        Assert.Equal(0, twin.GetProperty("messages").GetProperty("stale").GetInt64());
        Assert.Equal(300, twin.GetProperty("state").GetProperty("seq").GetInt32());
        var telemetry = await _silo.GetDataAsync($"/api/v1/twins/{id}/telemetry?limit=100");
        var seqs = telemetry.GetProperty("telemetry").EnumerateArray().Select(p => p.GetProperty("seq").GetInt32()).ToList();
        Assert.Equal(Enumerable.Range(201, 100).Reverse(), seqs);
    }

    [Fact]
    public async Task StateTopicUpdatesReportedStateWithoutAddingTelemetry()
    {
        var id = NewId("state");
        await _mqtt.PublishAsync($"device/{id}/state", """{"firmware":"1.2.3","power":"on"}""");

        var twin = await _silo.TwinWhenAsync(id, t => t.GetProperty("state").TryGetProperty("firmware", out _));
        Assert.Equal("on", twin.GetProperty("state").GetProperty("power").GetString());
        var telemetry = await _silo.GetDataAsync($"/api/v1/twins/{id}/telemetry");
        Assert.Equal(0, telemetry.GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task AnOlderMessageNeverOverwritesNewerStateAndIsCountedStale()
    {
        var id = NewId("lww");
        var now = Now();
        await _mqtt.PublishAsync($"device/{id}/telemetry", $$"""{"timestamp":{{now}},"temperature":30}""");
        await _mqtt.PublishAsync($"device/{id}/telemetry", $$"""{"timestamp":{{now - 60}},"temperature":10}""");

        var twin = await _silo.TwinWhenAsync(id, t => t.GetProperty("messages").GetProperty("stale").GetInt64() == 1);
        Assert.Equal(30, twin.GetProperty("state").GetProperty("temperature").GetDouble());
        Assert.Equal(1, twin.GetProperty("messages").GetProperty("accepted").GetInt64());
    }

    [Fact]
    public async Task EveryAcceptedChangeIsPublishedOnTwinUpdate()
    {
        var id = NewId("upd");
        using var updates = await _mqtt.SubscribeAsync(id + "-watch", $"twin/{id}/update");
        await _mqtt.PublishAsync($"device/{id}/telemetry", """{"temperature":21.5}""");

        var line = await updates.WaitForLineAsync(l => l.StartsWith($"twin/{id}/update ", StringComparison.Ordinal), "twin update");
        using var update = JsonDocument.Parse(line[(line.IndexOf(' ') + 1)..]);
        Assert.Equal(id, update.RootElement.GetProperty("twin_id").GetString());
        Assert.Equal(21.5, update.RootElement.GetProperty("state").GetProperty("temperature").GetDouble());
        Assert.True(update.RootElement.GetProperty("version").GetInt64() >= 1);
    }

    [Fact]
    public async Task StatusTopicAndLastWillDrivePresence()
    {
        var id = NewId("pres");
        await _mqtt.PublishAsync($"device/{id}/status", "online", retain: true);
        await _silo.TwinWhenAsync(id, t => t.GetProperty("status").GetString() == "online");

        await _mqtt.PublishAsync($"device/{id}/status", """{"status":"offline"}""", retain: true);
        await _silo.TwinWhenAsync(id, t => t.GetProperty("status").GetString() == "offline");

        using var device = await _mqtt.ConnectWithWillAsync(id, $"device/{id}/status", "offline");
        await _mqtt.PublishAsync($"device/{id}/status", "online", retain: true, clientId: id + "-announce");
        await _silo.TwinWhenAsync(id, t => t.GetProperty("status").GetString() == "online");

        device.Kill();
        var twin = await _silo.TwinWhenAsync(id, t => t.GetProperty("status").GetString() == "offline");
        var health = await _silo.GetDataAsync($"/api/v1/devices/{id}/health");
        Assert.False(health.GetProperty("healthy").GetBoolean());
        Assert.Equal("offline", twin.GetProperty("status").GetString());
    }

    [Fact]
    public async Task DevicesEndpointsShowPresenceAndHealth()
    {
        var id = NewId("dev");
        await _mqtt.PublishAsync($"device/{id}/telemetry", """{"type":"camera","fps":25}""");
        await _silo.TwinWhenAsync(id, t => t.GetProperty("type").GetString() == "camera");

        var device = await _silo.GetDataAsync($"/api/v1/devices/{id}");
        Assert.True(device.GetProperty("connected").GetBoolean());
        var health = await _silo.GetDataAsync($"/api/v1/devices/{id}/health");
        Assert.True(health.GetProperty("healthy").GetBoolean(), health.ToString());
        Assert.Equal(1, health.GetProperty("messages").GetProperty("accepted").GetInt64());

        var online = await Eventually.GetAsync(
            () => _silo.GetDataAsync("/api/v1/devices?status=online&type=camera&limit=1000"),
            d => d.GetProperty("devices").EnumerateArray().Any(x => x.GetProperty("device_id").GetString() == id),
            what: "device listed as online");
        Assert.All(online.GetProperty("devices").EnumerateArray(), d => Assert.Equal("online", d.GetProperty("status").GetString()));
    }

    internal static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..24];

    internal static double Now() => Math.Round(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0, 3);
}
