using System.Net;
using System.Net.Http.Headers;
using System.Text;
using DigitalTwin.EndToEnd.Tests.Infrastructure;

namespace DigitalTwin.EndToEnd.Tests.Dashboard;

/// <summary>
/// The twin page against a device made of Mosquitto's clients: a reading shows up live, a command sent from the
/// generated form reaches the device and its ack turns it succeeded, a bad parameter is refused in words, a desired
/// edit reaches the device, and an edit that meets someone else's change is refused and shown, not overwritten.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class TwinPageTests(SiloFixture fixture)
{
    private static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];

    private async Task<(SimulatedLight Light, DashboardBrowser Browser)> OpenTwinPageAsync(string prefix)
    {
        var light = new SimulatedLight(fixture.Mqtt, NewId(prefix));
        await light.AppearAsync(10);
        await fixture.Silo.TwinWhenAsync(light.Id, t => t.GetProperty("status").GetString() == "online");
        var browser = DashboardBrowser.Open(fixture.BaseUrl);
        browser.Go($"twins/{light.Id}");
        await browser.WaitForTextAsync("tr[data-field='brightness'] td.reported", v => v == "10", "the reported brightness");
        await browser.WaitForTextAsync("#feed-state", s => s.Contains("connected", StringComparison.Ordinal), "the live feed connected");
        return (light, browser);
    }

    [Fact]
    public async Task APublishedReadingAppearsOnTheTwinPageWithoutAReload()
    {
        var (light, browser) = await OpenTwinPageAsync("live");
        using var _ = browser;
        browser.Script<object?>("window.dtnNotReloaded = true; return null;");

        await light.ReportAsync(42);

        await browser.WaitForTextAsync("tr[data-field='brightness'] td.reported", v => v == "42", "the new reading, live");
        Assert.True(browser.Script<bool>("return window.dtnNotReloaded === true;"), "the page was reloaded");
        await browser.WaitForAsync(() => browser.Exists("figure[data-series='brightness'] svg path.chart-line") ? "chart" : null, "the brightness chart from the history API");
        browser.Screenshot("twin");
    }

    [Fact]
    public async Task ACommandSentFromTheFormReachesTheDeviceAndItsAckTurnsItSucceeded()
    {
        var id = NewId("cmd");
        using var device = await CommandDevice.ConnectAsync(fixture.Mqtt, id);
        var light = new SimulatedLight(fixture.Mqtt, id);
        await light.AppearAsync(10);
        await fixture.Silo.TwinWhenAsync(id, t => t.GetProperty("status").GetString() == "online");
        using var browser = DashboardBrowser.Open(fixture.BaseUrl);
        browser.Go($"twins/{id}");
        await browser.WaitForAsync(() => browser.Exists("#command-action option[value='set_brightness']") ? "form" : null, "the command form of smart_light");
        await browser.WaitForTextAsync("#feed-state", s => s.Contains("connected", StringComparison.Ordinal), "the live feed connected");

        browser.Choose("#command-action", "set_brightness");
        await browser.WaitForAsync(() => browser.Exists("#parameter-brightness") ? "field" : null, "the brightness field generated from the schema");
        browser.Type("#parameter-brightness", "75");
        browser.Find("#command-form button[type='submit']").Click();

        var command = await device.ReceiveAsync();
        var commandId = command.GetProperty("command_id").GetString()!;
        Assert.Equal("set_brightness", command.GetProperty("action").GetString());
        Assert.Equal(75, command.GetProperty("parameters").GetProperty("brightness").GetInt32());
        await browser.WaitForTextAsync($"tr[data-command='{commandId}'] td.command-status", s => s == "sent", "the command sent");

        await device.AckAsync(commandId, "success", ""","result":{"brightness":75}""");
        await browser.WaitForTextAsync($"tr[data-command='{commandId}'] td.command-status", s => s == "succeeded", "the command succeeded, from the device's ack");
        browser.Screenshot("twin-command");
    }

    [Fact]
    public async Task AParameterOutsideTheSchemaIsRefusedWithAMessageAndNothingIsSent()
    {
        var (light, browser) = await OpenTwinPageAsync("badform");
        using var _ = browser;
        await browser.WaitForAsync(() => browser.Exists("#command-action option[value='set_brightness']") ? "form" : null, "the command form");

        browser.Choose("#command-action", "set_brightness");
        browser.Type("#parameter-brightness", "150");
        browser.Find("#command-form button[type='submit']").Click();

        var message = await browser.WaitForTextAsync("#command-message", m => m.Length > 0, "a message about the bad input");
        Assert.Equal("Not sent: brightness must be at most 100.", message);
        Assert.Equal("true", browser.Find("#parameter-brightness").GetAttribute("aria-invalid"));

        browser.Type("#parameter-brightness", "ten");
        browser.Find("#command-form button[type='submit']").Click();
        await browser.WaitForTextAsync("#command-message", m => m == "Not sent: brightness must be a number, not “ten”.", "a message naming the bad value");

        var commands = await fixture.Silo.GetDataAsync($"/api/v1/twins/{light.Id}/commands");
        Assert.Equal(0, commands.GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task ADesiredEditReachesTheDevice()
    {
        var (light, browser) = await OpenTwinPageAsync("desired");
        using var _ = browser;
        using var desired = await fixture.Mqtt.SubscribeAsync(light.Id + "-desired", $"device/{light.Id}/desired");

        browser.Type("#desired-name", "brightness");
        browser.Type("#desired-value", "60");
        browser.Find("#desired-form button[type='submit']").Click();

        var line = await desired.WaitForLineAsync(l => l.Contains("\"brightness\":60", StringComparison.Ordinal), "the desired document on the device's topic");
        Assert.Contains("\"delta\":{\"brightness\":60}", line, StringComparison.Ordinal);
        await browser.WaitForTextAsync("tr[data-field='brightness'] td.desired", v => v == "60", "the desired value in the table");
        Assert.Equal("pending", browser.Text("tr[data-field='brightness'] td.in-delta"));

        // The device reports the value it was asked for: the delta closes, live.
        await light.ReportAsync(60);
        await browser.WaitForTextAsync("tr[data-field='brightness'] td.reported", v => v == "60", "the device's report of the desired value");
        Assert.Equal("", browser.Text("tr[data-field='brightness'] td.in-delta"));
    }

    [Fact]
    public async Task AnEditThatMeetsSomeoneElsesChangeIsRefusedAndShownNotOverwritten()
    {
        var (light, browser) = await OpenTwinPageAsync("conflict");
        using var _ = browser;
        browser.Type("#desired-name", "brightness");
        browser.Type("#desired-value", "25");

        // Someone else sets the desired brightness while this operator's edit is still in the form.
        using var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/twins/{light.Id}/desired")
        {
            Content = new StringContent("""{"brightness":90}""", Encoding.UTF8, new MediaTypeHeaderValue("application/merge-patch+json")),
        };
        using var answer = await fixture.Silo.Http.SendAsync(patch);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);

        browser.Find("#desired-form button[type='submit']").Click();

        var message = await browser.WaitForTextAsync("#desired-message", m => m.Contains("PRECONDITION_FAILED", StringComparison.Ordinal), "the conflict, in words");
        Assert.StartsWith("Someone else changed this twin since the page loaded it, so your change was not applied", message, StringComparison.Ordinal);
        await browser.WaitForTextAsync("tr[data-field='brightness'] td.desired", v => v == "90", "the other change, shown");
        var stored = await fixture.Silo.GetDataAsync($"/api/v1/twins/{light.Id}/desired");
        Assert.Equal(90, stored.GetProperty("desired").GetProperty("brightness").GetInt32());
        browser.Screenshot("twin-conflict");

        // Applied again on the values now shown, it goes through.
        browser.Find("#desired-form button[type='submit']").Click();
        await browser.WaitForTextAsync("tr[data-field='brightness'] td.desired", v => v == "25", "the edit, applied the second time");
    }

    [Fact]
    public async Task ALifecycleActionAsksFirstAndCancellingChangesNothing()
    {
        var (light, browser) = await OpenTwinPageAsync("lifecycle");
        using var _ = browser;
        Assert.False(browser.Exists("button[data-action='activate']"), "an active twin is offered activation");

        browser.Find("button[data-action='suspend']").Click();
        var question = await browser.WaitForTextAsync("dialog[open] #confirm-text", t => t.Length > 0, "the confirmation");
        Assert.StartsWith("Suspend this twin?", question, StringComparison.Ordinal);
        browser.Screenshot("twin-confirm");
        Assert.Equal("Cancel", browser.Script<string>("return document.activeElement.textContent;"));
        browser.Press(OpenQA.Selenium.Keys.Enter);
        await browser.WaitForAsync(() => browser.Exists("dialog[open]") ? null : "closed", "the dialog closed by Cancel");
        Assert.Equal("active", (await fixture.Silo.GetDataAsync($"/api/v1/twins/{light.Id}")).GetProperty("lifecycle").GetString());

        browser.Find("button[data-action='suspend']").Click();
        await browser.WaitForAsync(() => browser.Exists("dialog[open]") ? "open" : null, "the confirmation again");
        browser.Find("dialog[open] .buttons button:first-child").Click();
        await browser.WaitForTextAsync("#twin-lifecycle", l => l == "suspended", "the twin suspended");
        Assert.Equal("suspended", (await fixture.Silo.GetDataAsync($"/api/v1/twins/{light.Id}")).GetProperty("lifecycle").GetString());
        Assert.True(browser.Exists("button[data-action='activate']"), "a suspended twin is not offered activation");
    }
}
