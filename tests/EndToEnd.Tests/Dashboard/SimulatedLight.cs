using System.Globalization;

namespace DigitalTwin.EndToEnd.Tests.Dashboard;

/// <summary>A smart light made of <c>mosquitto_pub</c>: it creates its twin by publishing (auto-discovery) and reports readings.</summary>
public sealed class SimulatedLight(Mosquitto mqtt, string id)
{
    public string Id => id;

    /// <summary>Announces the device online and publishes its first reading, which creates its twin.</summary>
    public async Task AppearAsync(int brightness)
    {
        await PublishAsync($"device/{id}/status", "online");
        await ReportAsync(brightness);
    }

    public Task ReportAsync(int brightness) => PublishAsync(
        $"device/{id}/telemetry",
        $$$"""{"device_id":"{{{id}}}","type":"smart_light","data":{"brightness":{{{brightness.ToString(CultureInfo.InvariantCulture)}}},"power":true}}""");

    public Task GoOfflineAsync() => PublishAsync($"device/{id}/status", "offline");

    private async Task PublishAsync(string topic, string payload)
    {
        var (exitCode, output) = await mqtt.PublishAsync(topic, payload, clientId: id + "-pub");
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"mosquitto_pub to {topic} failed: {output}");
        }
    }
}
