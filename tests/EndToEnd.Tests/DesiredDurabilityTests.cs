using System.Net;
using System.Text.Json;
using DigitalTwin.EndToEnd.Tests.Infrastructure;

namespace DigitalTwin.EndToEnd.Tests;

/// <summary>
/// The broker keeps retained documents in memory, so a restart loses the desired document a device reads on
/// connecting. With PostgreSQL the twin keeps its desired state and publishes the document again when it
/// activates: a device that comes back after the restart still learns what is wanted of it.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class DesiredDurabilityTests(PostgresDatabase postgres)
{
    [Fact]
    public async Task ADeviceComingBackAfterARestartReceivesItsDesiredDocument()
    {
        var settings = PostgresDatabase.SiloSettings(await postgres.CreateAsync());
        var id = DeviceTelemetryTests.NewId("keep-desired");

        var first = await SiloProcess.StartAsync(settings);
        try
        {
            var created = await ApiCall.SendAsync(first.Http, HttpMethod.Post, "/api/v1/twins", $$"""{"id":"{{id}}","type":"smart_light"}""");
            Assert.True(created.Status == HttpStatusCode.Created, created.ToString());
            var desired = await ApiCall.SendAsync(first.Http, HttpMethod.Put, $"/api/v1/twins/{id}/desired", """{"brightness":80,"on":true}""");
            Assert.True(desired.Status == HttpStatusCode.OK, desired.ToString());
            Assert.True(await first.TerminateAsync(TimeSpan.FromSeconds(30)), "the silo did not stop within 30 s");
        }
        finally
        {
            await first.DisposeAsync();
        }

        await using var second = await SiloProcess.StartAsync(settings);
        var mqtt = new Mosquitto(second.MqttPort);
        using var device = await mqtt.SubscribeAsync(id, $"device/{id}/desired");
        var (exit, output) = await mqtt.PublishAsync($"device/{id}/status", "online", clientId: id + "-status");
        Assert.True(exit == 0, output);

        var line = await device.WaitForLineAsync(l => l.StartsWith($"device/{id}/desired {{", StringComparison.Ordinal), "the desired document after the restart");
        var document = JsonDocument.Parse(line[(line.IndexOf(' ') + 1)..]).RootElement;
        Assert.Equal(1, document.GetProperty("version").GetInt64());
        Assert.Equal(80, document.GetProperty("desired").GetProperty("brightness").GetInt32());
        Assert.True(document.GetProperty("delta").GetProperty("on").GetBoolean());

        // Retained again: a device subscribing only now finds it too.
        using var late = await mqtt.SubscribeAsync(id + "-late", $"device/{id}/desired");
        await late.WaitForLineAsync(l => l.StartsWith($"device/{id}/desired {{", StringComparison.Ordinal), "the retained document");
        Assert.DoesNotContain(second.LoggedErrors(), l => l.StartsWith("fail: DigitalTwin.", StringComparison.Ordinal));
    }
}
