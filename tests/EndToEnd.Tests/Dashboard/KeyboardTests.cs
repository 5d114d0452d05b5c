using DigitalTwin.EndToEnd.Tests.Infrastructure;
using OpenQA.Selenium;

namespace DigitalTwin.EndToEnd.Tests.Dashboard;

/// <summary>The dashboard works from the keyboard alone: Tab reaches a twin in the fleet, Enter opens it, and a command is typed and sent.</summary>
[Collection(DashboardCollection.Name)]
public sealed class KeyboardTests(SiloFixture fixture)
{
    [Fact]
    public async Task AnOperatorOpensATwinAndSendsACommandWithTheKeyboardAlone()
    {
        var id = $"0keys-{Guid.NewGuid():N}"[..13];
        using var device = await CommandDevice.ConnectAsync(fixture.Mqtt, id);
        await new SimulatedLight(fixture.Mqtt, id).AppearAsync(10);
        await fixture.Silo.TwinWhenAsync(id, t => t.GetProperty("status").GetString() == "online");
        await Eventually.GetAsync(
            () => fixture.Silo.GetDataAsync("/api/v1/twins?limit=25"),
            page => page.GetProperty("twins").EnumerateArray().Any(t => t.GetProperty("id").GetString() == id),
            what: $"{id} on the directory's first page");

        using var browser = DashboardBrowser.Open(fixture.BaseUrl);
        browser.Go("fleet");
        await browser.WaitForAsync(() => browser.Exists($"tr[data-twin='{id}'] a") ? "row" : null, $"{id} in the fleet table");

        browser.TabTo($"tr[data-twin='{id}'] a");
        browser.Press(Keys.Enter);
        await browser.WaitForTextAsync("h1", h => h == id, "the twin opened from the keyboard");
        await browser.WaitForAsync(() => browser.Exists("#parameter-brightness") ? "form" : null, "the command form (turn_on, the type's first action)");

        browser.TabTo("#parameter-brightness");
        browser.Press("30" + Keys.Enter);

        var command = await device.ReceiveAsync();
        Assert.Equal("turn_on", command.GetProperty("action").GetString());
        Assert.Equal(30, command.GetProperty("parameters").GetProperty("brightness").GetInt32());
    }
}
