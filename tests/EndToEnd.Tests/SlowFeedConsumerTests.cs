using DigitalTwin.EndToEnd.Tests.Infrastructure;

namespace DigitalTwin.EndToEnd.Tests;

/// <summary>A feed consumer that stops reading never holds up ingestion; it loses its oldest events and is told.</summary>
public sealed class SlowFeedConsumerTests
{
    [Fact]
    public async Task AStalledWebSocketConsumerDoesNotSlowIngestAndLaterSeesAGapNotice()
    {
        await using var silo = await SiloProcess.StartAsync(new Dictionary<string, string> { ["Api:Feeds:BufferSize"] = "10" });
        var mqtt = new Mosquitto(silo.MqttPort);
        await using var stalled = await FeedSocket.ConnectAsync(silo);
        // Twin updates only: the device's first message also announces it online, and when the silo is slow to run
        // the sender the first drops can come while that presence event is still queued, so it may be the event
        // right after the first gap notice.
        await stalled.SubscribeAsync("""{"action":"subscribe","events":["twin_update"]}""");

        // 1 KiB per update: enough of them to fill the socket buffers in front of the consumer that does not read.
        var blob = new string('x', 1024);
        var (exit, output) = await mqtt.PublishLinesAsync("device/feed-flood-001/telemetry", Enumerable.Range(1, 20_000).Select(i => $$"""{"seq":{{i}},"blob":"{{blob}}"}"""), "feed-flood-001");
        Assert.True(exit == 0, output);

        var metrics = await Eventually.GetAsync(
            () => silo.GetDataAsync("/api/v1/system/metrics"),
            m => m.GetProperty("messages").GetProperty("accepted").GetInt64() >= 20_000,
            TimeSpan.FromSeconds(60),
            "all messages accepted despite the stalled feed consumer");
        Assert.True(metrics.GetProperty("feeds").GetProperty("dropped_for_slow_consumers").GetInt64() > 0, metrics.ToString());
        Assert.Equal(1, metrics.GetProperty("feeds").GetProperty("consumers").GetInt64());

        // Reading again, the consumer is told what it lost before it gets the newest events.
        var gap = await stalled.NextAsync(f => LiveFeedTests.Type(f) == "gap", TimeSpan.FromSeconds(60));
        Assert.True(gap.GetProperty("dropped").GetInt64() > 0);
        var next = await stalled.NextAsync(_ => true);
        Assert.Equal("twin_update", LiveFeedTests.Type(next));
        Assert.Empty(silo.LoggedErrors());
    }
}
