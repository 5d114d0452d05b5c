namespace DigitalTwin.EndToEnd.Tests.Dashboard;

/// <summary>
/// A dropped live feed shows itself, reconnects on its own, and the page reloads what it missed while it was away:
/// the browser reaches the silo through a relay the test cuts, and a reading published meanwhile appears after.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class FeedRecoveryTests(DashboardFixture fixture)
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
}
