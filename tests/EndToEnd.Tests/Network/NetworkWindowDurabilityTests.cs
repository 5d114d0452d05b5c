using System.Globalization;
using System.Net;
using DigitalTwin.EndToEnd.Tests.Infrastructure;

namespace DigitalTwin.EndToEnd.Tests.Network;

/// <summary>
/// With PostgreSQL, an acknowledged network window survives <c>kill -9</c>: the twin's windows and statistics
/// come back from the window table even when its state snapshot never got them, and the export reads the table.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class NetworkWindowDurabilityTests(PostgresDatabase postgres)
{
    [Fact]
    public async Task AcknowledgedWindowsSurviveKillNineAndAreExportedInTimeOrder()
    {
        // Snapshots far apart: after the kill, the windows can only come back from the window table.
        var settings = PostgresDatabase.SiloSettings(await postgres.CreateAsync());
        settings["Twins:SnapshotInterval"] = "01:00:00";
        var id = DeviceTelemetryTests.NewId("netkeep");
        var other = DeviceTelemetryTests.NewId("netkeep2");
        var start = DateTimeOffset.UtcNow.AddMinutes(-5);
        start = start.AddTicks(-(start.Ticks % TimeSpan.TicksPerSecond));

        var first = await SiloProcess.StartAsync(settings);
        int exit;
        string output;
        try
        {
            var mqtt = new Mosquitto(first.MqttPort);
            var windows = Enumerable.Range(0, 4).Select(i => Window(start.AddSeconds(10 * i), i + 1)).ToList();
            (exit, output) = await mqtt.PublishLinesAsync($"device/{id}/network", windows, id);
            Assert.True(exit == 0, output);
            (exit, output) = await mqtt.PublishAsync($"device/{other}/network", Window(start.AddSeconds(5), 100), clientId: other);
            Assert.True(exit == 0, output);
        }
        finally
        {
            await first.KillAsync();
            await first.DisposeAsync();
        }

        await using var second = await SiloProcess.StartAsync(settings);
        var network = await second.GetDataAsync($"/api/v1/twins/{id}/network");
        Assert.Equal(4, network.GetProperty("count").GetInt32());
        Assert.Equal(4, network.GetProperty("window_counts").GetProperty("accepted").GetInt64());
        Assert.Equal(2.5, network.GetProperty("statistics").GetProperty("packets_in").GetProperty("mean").GetDouble());
        Assert.Equal(start.AddSeconds(30), network.GetProperty("latest_window_start").GetDateTimeOffset());

        // A window the table already holds is a re-send; the next one is new.
        var mqttAgain = new Mosquitto(second.MqttPort);
        foreach (var (offset, packetsIn) in new[] { (30, 4), (40, 5) })
        {
            (exit, output) = await mqttAgain.PublishAsync($"device/{id}/network", Window(start.AddSeconds(offset), packetsIn), clientId: id);
            if (exit != 0)
            {
                Assert.Fail($"mosquitto_pub exited {exit}: {output}\n{await second.SettledLogAsync()}");
            }
        }

        var later = await Eventually.GetAsync(
            () => second.GetDataAsync($"/api/v1/twins/{id}/network"), d => d.GetProperty("count").GetInt32() == 5, what: "the fifth window");
        Assert.Equal(1, later.GetProperty("window_counts").GetProperty("duplicate").GetInt64());

        var range = $"from={Uri.EscapeDataString(start.ToString("O"))}&to={Uri.EscapeDataString(start.AddMinutes(1).ToString("O"))}";
        using var csv = await second.Http.GetAsync($"/api/v1/datasets/export?{range}");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        var rows = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries)[1..]
            .Select(line => line.Split(','))
            .Where(cells => cells[0] == id || cells[0] == other)
            .Select(cells => (cells[0], DateTimeOffset.Parse(cells[2], CultureInfo.InvariantCulture)))
            .ToList();
        Assert.Equal(
            [(id, start), (other, start.AddSeconds(5)), (id, start.AddSeconds(10)), (id, start.AddSeconds(20)), (id, start.AddSeconds(30)), (id, start.AddSeconds(40))],
            rows);

        // Orleans logs the killed silo's membership until it is declared dead; the platform itself logs nothing.
        Assert.DoesNotContain(second.LoggedErrors(), line => line.StartsWith("fail: DigitalTwin.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SchemaVersionsSurviveKillNineAndTheExportRefusesToMixThem()
    {
        var settings = PostgresDatabase.SiloSettings(await postgres.CreateAsync());
        settings["Twins:SnapshotInterval"] = "01:00:00";
        var id = DeviceTelemetryTests.NewId("netverkeep");
        var start = DateTimeOffset.UtcNow.AddMinutes(-5);
        start = start.AddTicks(-(start.Ticks % TimeSpan.TicksPerSecond));

        var first = await SiloProcess.StartAsync(settings);
        try
        {
            var windows = new[] { Window(start, 100, schema: 2), Window(start.AddSeconds(10), 4, schema: 3), Window(start.AddSeconds(20), 6, schema: 3) };
            var (exit, output) = await new Mosquitto(first.MqttPort).PublishLinesAsync($"device/{id}/network", windows, id);
            Assert.True(exit == 0, output);
        }
        finally
        {
            await first.KillAsync();
            await first.DisposeAsync();
        }

        // The snapshot taken when the window discovered the twin holds schema 2; the table replays the rest.
        await using var second = await SiloProcess.StartAsync(settings);
        var network = await second.GetDataAsync($"/api/v1/twins/{id}/network");
        Assert.Equal([3, 3, 2], network.GetProperty("windows").EnumerateArray().Select(w => w.GetProperty("schema_version").GetInt32()));
        Assert.Equal(3, network.GetProperty("statistics_schema_version").GetInt32());
        Assert.Equal(2, network.GetProperty("windows_seen").GetInt64());
        Assert.Equal(5, network.GetProperty("statistics").GetProperty("packets_in").GetProperty("mean").GetDouble());

        var range = $"from={Uri.EscapeDataString(start.ToString("O"))}&to={Uri.EscapeDataString(start.AddMinutes(1).ToString("O"))}";
        var mixed = await ApiCall.SendAsync(second.Http, HttpMethod.Get, $"/api/v1/datasets/export?{range}");
        Assert.Equal(HttpStatusCode.Conflict, mixed.Status);
        Assert.Equal("MIXED_SCHEMA_VERSIONS", mixed.ErrorCode);

        using var csv = await second.Http.GetAsync($"/api/v1/datasets/export?{range}&schema_version=2");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        var lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var version = Array.IndexOf(lines[0].Split(','), "schema_version");
        Assert.Equal(["2"], lines[1..].Select(line => line.Split(',')[version]));
        Assert.Equal("", lines[1].Split(',')[Array.IndexOf(lines[0].Split(','), "syn_out")]);
    }

    private static string Window(DateTimeOffset start, int packetsIn, int schema = 1) =>
        $"{{\"schema\":{schema},\"window_start\":{start.ToUnixTimeSeconds()},\"window_seconds\":10,\"features\":{{\"packets_in\":{packetsIn}}}}}";
}
