using DigitalTwin.EndToEnd.Tests.Infrastructure;

namespace DigitalTwin.EndToEnd.Tests;

/// <summary>A subscriber that stops reading never hurts the silo; what the broker drops for it is counted.</summary>
public sealed class SlowSubscriberTests
{
    [Fact]
    public async Task MessagesDroppedForAStalledSubscriberAreCountedAndIngestGoesOn()
    {
        await using var silo = await SiloProcess.StartAsync(new Dictionary<string, string> { ["Mqtt:MaxPendingMessagesPerClient"] = "10" });
        var mqtt = new Mosquitto(silo.MqttPort);
        using var stalled = await mqtt.SubscribeAsync("stalled-consumer", "device/+/telemetry");
        stalled.Pause();

        // 1 KiB messages: enough of them to fill the socket buffers in front of the stalled client.
        var blob = new string('x', 1024);
        var (exit, output) = await mqtt.PublishLinesAsync("device/flood-001/telemetry", Enumerable.Range(1, 20_000).Select(i => $$"""{"seq":{{i}},"blob":"{{blob}}"}"""), "flood-001");
        Assert.True(exit == 0, output);

        var metrics = await Eventually.GetAsync(
            () => silo.GetDataAsync("/api/v1/system/metrics"),
            m => m.GetProperty("messages").GetProperty("accepted").GetInt64() >= 20_000,
            TimeSpan.FromSeconds(60),
            "all messages accepted despite the stalled subscriber");
        Assert.True(metrics.GetProperty("messages").GetProperty("dropped_for_slow_subscribers").GetInt64() > 0, metrics.ToString());
        Assert.Contains(silo.Log, line => line.Contains("stalled-consumer is too slow", StringComparison.Ordinal));
        Assert.Empty(silo.LoggedErrors());
    }
}
