using System.Net;
using DigitalTwin.EndToEnd.Tests.Infrastructure;

namespace DigitalTwin.EndToEnd.Tests.Detection;

/// <summary>
/// With PostgreSQL, a twin's baseline and alerts (with a person's acknowledgement) come back after a restart from its
/// state, and the alert index keeps the alert in its table.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class DetectionDurabilityTests(PostgresDatabase postgres)
{
    [Fact]
    public async Task ABaselineAndAnAcknowledgedAlertSurviveARestart()
    {
        var settings = PostgresDatabase.SiloSettings(await postgres.CreateAsync());
        var id = DeviceTelemetryTests.NewId("keep-alert");
        var type = DeviceTelemetryTests.NewId("kept");
        var start = DetectionWindows.Start();

        var first = await SiloProcess.StartAsync(settings);
        try
        {
            var mqtt = new Mosquitto(first.MqttPort);
            var (exit, output) = await mqtt.PublishLinesAsync($"device/{id}/network", [.. DetectionWindows.Quiet(start, type), DetectionWindows.PortScan(start, type)], id);
            Assert.True(exit == 0, output);
            var ack = await ApiCall.SendAsync(first.Http, HttpMethod.Post, $"/api/v1/alerts/{id}:1/ack");
            Assert.True(ack.Status == HttpStatusCode.OK, ack.ToString());
            Assert.True(await first.TerminateAsync(TimeSpan.FromSeconds(30)), "the silo did not stop within 30 s");
        }
        finally
        {
            await first.DisposeAsync();
        }

        await using var second = await SiloProcess.StartAsync(settings);
        var baseline = await second.GetDataAsync($"/api/v1/twins/{id}/baseline");
        Assert.Equal((true, "own", 361L, 1L), (baseline.GetProperty("warm").GetBoolean(), baseline.GetProperty("scored_against").GetString(),
            baseline.GetProperty("windows_scored").GetInt64(), baseline.GetProperty("windows_flagged").GetInt64()));
        Assert.Equal(360, baseline.GetProperty("own").GetProperty("windows").GetInt64());
        Assert.InRange(baseline.GetProperty("own").GetProperty("features").GetProperty("distinct_destination_ports").GetProperty("centre").GetDouble(), 0.5, 1.5);

        var own = await second.GetDataAsync($"/api/v1/twins/{id}/alerts");
        var alert = Assert.Single(own.GetProperty("alerts").EnumerateArray());
        Assert.Equal(($"{id}:1", "port_scan", "active", "api"), (alert.GetProperty("id").GetString(), alert.GetProperty("type").GetString(),
            alert.GetProperty("status").GetString(), alert.GetProperty("acknowledged_by").GetString()));

        // The index answers from its table, without the twin's help.
        var indexed = await second.GetDataAsync($"/api/v1/alerts?twin_id={id}&acknowledged=true");
        Assert.Equal(1, indexed.GetProperty("count").GetInt32());
        Assert.Equal("api", indexed.GetProperty("alerts")[0].GetProperty("acknowledged_by").GetString());

        Assert.DoesNotContain(second.LoggedErrors(), l => l.StartsWith("fail: DigitalTwin.", StringComparison.Ordinal));
    }
}
