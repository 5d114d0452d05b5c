using DigitalTwin.EndToEnd.Tests.Infrastructure;

namespace DigitalTwin.EndToEnd.Tests.Dashboard;

/// <summary>
/// A live feed that loses events says so and the page reloads what it missed: the browser reaches the silo through a
/// relay the test cuts (the connection drops and comes back) or stalls (the silo drops events for the slow consumer
/// and sends a gap notice).
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class FeedRecoveryTests(SiloFixture fixture)
{
    [Fact]
    public async Task ADroppedFeedReconnectsAndThePageCatchesUpWithWhatItMissed()
    {
        var light = new SimulatedLight(fixture.Mqtt, $"drop-{Guid.NewGuid():N}"[..14]);
        await light.AppearAsync(10);
        await fixture.Silo.TwinWhenAsync(light.Id, t => t.GetProperty("status").GetString() == "online");
        using var relay = TcpRelay.Start(fixture.Silo.HttpPort);
        using var browser = DashboardBrowser.Open($"http://127.0.0.1:{relay.Port}");
        browser.Go($"twins/{light.Id}");
        await browser.WaitForTextAsync("tr[data-field='brightness'] td.reported", v => v == "10", "the first reading");
        await browser.WaitForTextAsync("#feed-state", s => s.Contains("connected", StringComparison.Ordinal), "the live feed connected");

        relay.Cut();
        await browser.WaitForTextAsync("#feed-state", s => s.Contains("lost", StringComparison.Ordinal), "the feed showing it was lost");
        browser.Screenshot("feed-lost");

        // Published while the page cannot hear of it: no event will ever carry it to this page.
        await light.ReportAsync(77);
        await fixture.Silo.TwinWhenAsync(light.Id, t => t.GetProperty("state").GetProperty("brightness").GetInt32() == 77);
        Assert.Equal("10", browser.Text("tr[data-field='brightness'] td.reported"));

        relay.Restore();
        await browser.WaitForTextAsync("#feed-state", s => s.Contains("connected", StringComparison.Ordinal), "the feed reconnected", TimeSpan.FromSeconds(30));
        await browser.WaitForTextAsync("tr[data-field='brightness'] td.reported", v => v == "77", "the reading missed while the feed was down");
        Assert.Equal("The live feed was interrupted; the page reloaded its data.", browser.Text("#notice"));

        // And it is live again.
        await light.ReportAsync(78);
        await browser.WaitForTextAsync("tr[data-field='brightness'] td.reported", v => v == "78", "a reading after the reconnect, live");
    }

    [Fact]
    public async Task AGapNoticeIsShownAndThePageReloadsWhatTheFeedDropped()
    {
        // A small buffer per consumer, as in SlowFeedConsumerTests: a consumer that falls behind loses events sooner.
        await using var silo = await SiloProcess.StartAsync(new Dictionary<string, string> { ["Api:Feeds:BufferSize"] = "10" });
        var mqtt = new Mosquitto(silo.MqttPort);
        var light = new SimulatedLight(mqtt, $"gap-{Guid.NewGuid():N}"[..13]);
        await light.AppearAsync(10);
        await silo.TwinWhenAsync(light.Id, t => t.GetProperty("status").GetString() == "online");
        using var relay = TcpRelay.Start(silo.HttpPort);
        using var browser = DashboardBrowser.Open($"http://127.0.0.1:{relay.Port}");
        browser.Go($"twins/{light.Id}");
        await browser.WaitForTextAsync("tr[data-field='brightness'] td.reported", v => v == "10", "the first reading");
        await browser.WaitForTextAsync("#feed-state", s => s.Contains("connected", StringComparison.Ordinal), "the live feed connected");

        // The browser stops taking data; 1 KiB updates fill the socket buffers in front of it, then its feed buffer.
        relay.Pause();

        // A change no later event carries: the feed announces a desired write without its values, so only reading
        // the twin again, as the page does after a gap, can show it.
        using (var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/twins/{light.Id}/desired")
        {
            Content = new StringContent("""{"mode":"eco"}""", System.Text.Encoding.UTF8, "application/merge-patch+json"),
        })
        {
            using var answer = await silo.Http.SendAsync(patch);
            Assert.True(answer.IsSuccessStatusCode, await answer.Content.ReadAsStringAsync());
        }

        const int Updates = 20_000;
        var blob = new string('x', 1024);
        var (exit, output) = await mqtt.PublishLinesAsync(
            $"device/{light.Id}/telemetry", Enumerable.Range(1, Updates).Select(i => $$"""{"brightness":{{i}},"blob":"{{blob}}"}"""), light.Id + "-flood");
        Assert.True(exit == 0, output);
        await Eventually.GetAsync(
            () => silo.GetDataAsync("/api/v1/system/metrics"),
            m => m.GetProperty("feeds").GetProperty("dropped_for_slow_consumers").GetInt64() > 0 && m.GetProperty("messages").GetProperty("accepted").GetInt64() >= Updates,
            TimeSpan.FromSeconds(90),
            "the updates accepted and some dropped for the stalled page");

        relay.Resume();
        var notice = await browser.WaitForTextAsync("#notice", n => n.StartsWith("The live feed lost ", StringComparison.Ordinal), "the gap notice", TimeSpan.FromSeconds(60));
        Assert.EndsWith("events; the page reloaded its data.", notice, StringComparison.Ordinal);
        await browser.WaitForTextAsync("tr[data-field='brightness'] td.reported", v => v == Updates.ToString(System.Globalization.CultureInfo.InvariantCulture), "the last reading, after the gap", TimeSpan.FromSeconds(30));
        await browser.WaitForTextAsync("tr[data-field='mode'] td.desired", v => v == "eco", "the desired write made while the page was behind");
        browser.Screenshot("feed-gap");
    }
}
