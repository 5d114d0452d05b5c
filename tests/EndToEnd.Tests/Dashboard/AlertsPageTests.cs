using DigitalTwin.EndToEnd.Tests.Detection;
using DigitalTwin.EndToEnd.Tests.Infrastructure;

namespace DigitalTwin.EndToEnd.Tests.Dashboard;

/// <summary>
/// The alerts page: an alert raised by a device's network windows appears without a reload, an operator
/// acknowledges and clears it from the table, the status filter finds it again, and its link opens the twin.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class AlertsPageTests(SiloFixture fixture)
{
    [Fact]
    public async Task ARaisedAlertAppearsLiveAndIsAcknowledgedAndClearedFromTheTable()
    {
        var id = $"scan-{Guid.NewGuid():N}"[..14];
        var type = $"scanned-{Guid.NewGuid():N}"[..16];
        var start = DetectionWindows.Start();
        var (exit, output) = await fixture.Mqtt.PublishLinesAsync($"device/{id}/network", DetectionWindows.Quiet(start, type), id);
        Assert.True(exit == 0, output);

        using var browser = DashboardBrowser.Open(fixture.BaseUrl);
        browser.Go("alerts");
        await browser.WaitForTextAsync("#feed-state", s => s.Contains("connected", StringComparison.Ordinal), "the live feed connected");
        (exit, output) = await fixture.Mqtt.PublishAsync($"device/{id}/network", DetectionWindows.PortScan(start, type), clientId: id);
        Assert.True(exit == 0, output);

        var row = $"tr[data-alert='{id}:1']";
        await browser.WaitForAsync(() => browser.Exists(row) ? "row" : null, "the raised alert, without a reload", TimeSpan.FromSeconds(30));
        Assert.Contains("port scan", browser.Text(row), StringComparison.Ordinal);
        browser.Screenshot("alerts");

        browser.Find($"{row} button[data-act='ack']").Click();
        await browser.WaitForTextAsync($"{row} td:nth-child(8)", t => t.StartsWith("by api at ", StringComparison.Ordinal), "the alert acknowledged");

        browser.Find($"{row} button[data-act='clear']").Click();
        await browser.WaitForAsync(() => browser.Exists(row) ? null : "gone", "the cleared alert gone from the active ones");
        browser.Choose("#alert-status", "cleared");
        await browser.WaitForTextAsync($"{row} td:nth-child(4)", t => t == "cleared (by api)", "the alert among the cleared ones");

        browser.Find($"{row} a").Click();
        await browser.WaitForTextAsync("h1", h => h == id, "the twin of the alert");

        // Its network behaviour against the baseline it learnt from the quiet windows: the scan's windows stand out.
        await browser.WaitForAsync(() => browser.Exists("#network-chart svg rect.chart-band") ? "band" : null, "the network chart with its baseline band");
        Assert.StartsWith("packets_out per window; shaded: the own baseline's usual range", browser.Text("#network-chart figcaption"), StringComparison.Ordinal);
        browser.Script<object?>("document.getElementById('h-network').scrollIntoView(); return null;");
        browser.Screenshot("twin-network");
    }
}
