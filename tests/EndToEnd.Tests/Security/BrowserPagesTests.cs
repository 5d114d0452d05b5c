using System.Diagnostics;
using DigitalTwin.EndToEnd.Tests.Infrastructure;

namespace DigitalTwin.EndToEnd.Tests.Security;

/// <summary>
/// The pages a person opens — the API reference at <c>/docs</c> and the Orleans Dashboard — still work under the
/// content security policy: headless Chromium loads each, runs its scripts, and the rendered page holds what only
/// those scripts put there, with no policy violation in the browser's console.
/// </summary>
public sealed class BrowserPagesTests
{
    [Fact]
    public async Task TheApiReferenceAndTheDashboardRenderUnderTheContentSecurityPolicy()
    {
        await using var silo = await SiloProcess.StartAsync();

        var (docs, docsConsole) = await RenderAsync($"http://127.0.0.1:{silo.HttpPort}/docs/index.html");
        Assert.True(Count(docs, "class=\"opblock-summary-path\"") > 30, docs[..Math.Min(docs.Length, 2000)]);
        Assert.DoesNotContain("Content Security Policy", docsConsole, StringComparison.Ordinal);

        var (dashboard, dashboardConsole) = await RenderAsync($"http://127.0.0.1:{silo.HttpPort}/dashboard/");
        Assert.Contains("Total Activations", dashboard, StringComparison.Ordinal);
        Assert.Contains("Active Silos", dashboard, StringComparison.Ordinal);
        Assert.DoesNotContain("Content Security Policy", dashboardConsole, StringComparison.Ordinal);
    }

    private static int Count(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;

    /// <summary>The DOM after the page's scripts ran (up to 8 s of page time), and what the browser logged.</summary>
    private static async Task<(string Dom, string Console)> RenderAsync(string url)
    {
        var info = new ProcessStartInfo("chromium") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0", "--virtual-time-budget=8000", "--dump-dom", url })
        {
            info.ArgumentList.Add(arg);
        }

        using var chromium = Process.Start(info)!;
        var dom = chromium.StandardOutput.ReadToEndAsync();
        var console = chromium.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await chromium.WaitForExitAsync(timeout.Token);
        return (await dom, await console);
    }
}
