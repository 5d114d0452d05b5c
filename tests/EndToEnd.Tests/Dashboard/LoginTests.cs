using System.Net;
using System.Text;
using DigitalTwin.EndToEnd.Tests.Infrastructure;
using DigitalTwin.EndToEnd.Tests.Security;

namespace DigitalTwin.EndToEnd.Tests.Dashboard;

/// <summary>
/// With API keys configured the dashboard asks for one, refuses a wrong one in words, and shows each role only what
/// the API would let it do: a viewer sees the twin live but no command, desired-state or lifecycle control.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class LoginTests
{
    [Fact]
    public async Task AViewerSeesTheTwinLiveButNoControlAndAnOperatorMayCommand()
    {
        await using var silo = await SiloProcess.StartAsync(ApiClient.KeySettings());
        var id = $"login-{Guid.NewGuid():N}"[..15];
        using (var create = new HttpRequestMessage(HttpMethod.Post, "/api/v1/twins")
        {
            Content = new StringContent($$"""{"id":"{{id}}","type":"smart_light"}""", Encoding.UTF8, "application/json"),
        })
        {
            create.Headers.Add("X-Api-Key", ApiClient.AdminKey);
            using var created = await silo.Http.SendAsync(create);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        using var browser = DashboardBrowser.Open($"http://127.0.0.1:{silo.HttpPort}");
        browser.Go($"twins/{id}");
        await browser.WaitForAsync(() => browser.Exists("#login-secret") ? "form" : null, "the login form");
        browser.Screenshot("login");

        browser.Type("#login-secret", "not-a-key-of-this-platform-0123456789");
        browser.Find("form.login button[type='submit']").Click();
        await browser.WaitForTextAsync("form.login .form-message", m => m == "That credential was not accepted. Check it and try again.", "the wrong key refused");

        browser.Type("#login-secret", ApiClient.ViewerKey);
        browser.Find("form.login button[type='submit']").Click();

        // Back on the page asked for, as the viewer, with the live feed authenticated by the session cookie.
        await browser.WaitForTextAsync("h1", h => h == id, "the twin page after login");
        Assert.Equal("viewer-bot (viewer)", browser.Text("#who"));
        await browser.WaitForTextAsync("#feed-state", s => s.Contains("connected", StringComparison.Ordinal), "the live feed, authenticated");
        await browser.WaitForAsync(() => browser.Exists("section[aria-labelledby='h-commands'] table") ? "commands" : null, "the command list");
        Assert.False(browser.Exists("#command-form"), "a viewer is offered the command form");
        Assert.False(browser.Exists("#desired-form"), "a viewer is offered the desired-state editor");
        Assert.False(browser.Exists("button[data-action]"), "a viewer is offered lifecycle actions");
        Assert.DoesNotContain("Remove desired", browser.PageText(), StringComparison.Ordinal);
        Assert.False(browser.Exists("#orleans-dashboard:not([hidden])"), "a viewer is offered the Orleans Dashboard");

        // The page keeps no copy of the key: the browser holds only the HttpOnly session cookie, which no script reads.
        Assert.DoesNotContain(ApiClient.ViewerKey, browser.Script<string>("return JSON.stringify(sessionStorage) + JSON.stringify(localStorage) + document.cookie"), StringComparison.Ordinal);
        Assert.DoesNotContain("dtn_session", browser.Script<string>("return document.cookie"), StringComparison.Ordinal);
        browser.Screenshot("twin-viewer");

        browser.Find("#logout").Click();
        await browser.WaitForAsync(() => browser.Exists("#login-secret") ? "form" : null, "the login form after logging out");
        browser.Type("#login-secret", ApiClient.OperatorKey);
        browser.Find("form.login button[type='submit']").Click();
        await browser.WaitForTextAsync("#who", w => w == "operator-bot (operator)", "the operator logged in");
        browser.Go($"twins/{id}");
        await browser.WaitForAsync(() => browser.Exists("#command-form") ? "form" : null, "the command form for an operator");
        Assert.True(browser.Exists("#desired-form"), "an operator is not offered the desired-state editor");
        Assert.False(browser.Exists("button[data-action]"), "an operator is offered lifecycle actions, which need admin");
        await browser.WaitForTextAsync("#feed-state", s => s.Contains("connected", StringComparison.Ordinal), "the operator's live feed");
    }

    [Fact]
    public async Task AnAdminOpeningTheOrleansDashboardLogsInOnceAndArrivesThere()
    {
        await using var silo = await SiloProcess.StartAsync(ApiClient.KeySettings());
        using var browser = DashboardBrowser.Open($"http://127.0.0.1:{silo.HttpPort}");

        browser.Driver.Navigate().GoToUrl($"{browser.BaseUrl}/dashboard/");
        await browser.WaitForAsync(() => browser.Exists("#login-secret") ? "form" : null, "the login form in place of the Orleans Dashboard");
        browser.Type("#login-secret", ApiClient.AdminKey);
        browser.Find("form.login button[type='submit']").Click();

        await browser.WaitForAsync(() => browser.PageText().Contains("Active Silos", StringComparison.OrdinalIgnoreCase) ? "dashboard" : null, "the Orleans Dashboard after logging in", TimeSpan.FromSeconds(30));
        Assert.StartsWith($"{browser.BaseUrl}/dashboard/", browser.Driver.Url, StringComparison.Ordinal);
        browser.Screenshot("orleans-dashboard-after-login");

        // Back on the web dashboard the admin is offered the way there.
        browser.Go("fleet");
        await browser.WaitForAsync(() => browser.Exists("#orleans-dashboard:not([hidden])") ? "link" : null, "the Orleans Dashboard link for an admin");
    }
}
