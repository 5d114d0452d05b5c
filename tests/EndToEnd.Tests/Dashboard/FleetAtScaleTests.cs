using System.Globalization;
using System.Text.Json;
using DigitalTwin.EndToEnd.Tests.Infrastructure;
using Npgsql;
using Xunit.Abstractions;

namespace DigitalTwin.EndToEnd.Tests.Dashboard;

/// <summary>
/// The fleet page over a PostgreSQL directory of 100,000 twins: it loads, counts them, and walks page after page with
/// "Next page", each page the next twins in order. How long the first load and each page took is written down
/// (the budgets in docs/dashboard.md), not asserted: on a shared machine a timing assertion fails for reasons that are
/// not the dashboard's.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class FleetAtScaleTests(PostgresDatabase postgres, ITestOutputHelper output)
{
    private const int Twins = 100_000;

    private const int PagesWalked = 50;

    /// <summary>Rows the fleet page shows at once (fleet.js's <c>pageSize</c>).</summary>
    private const int PageSize = 25;

    [Fact]
    public async Task TheFleetPageWalksAHundredThousandTwinsAPageAtATime()
    {
        var connectionString = await postgres.CreateAsync();

        // The silo migrates the schema; the directory is then filled straight from SQL, as bench/DirectoryQueries does.
        await using var silo = await SiloProcess.StartAsync(PostgresDatabase.SiloSettings(connectionString, "dtn-dash-scale"));
        await using (var dataSource = NpgsqlDataSource.Create(connectionString))
        {
            var seeded = await DirectorySeed.SeedAsync(dataSource, Twins, DateTimeOffset.UtcNow, CancellationToken.None);
            output.WriteLine($"seeded {Twins:N0} directory rows in {seeded.TotalSeconds:0.0} s");
        }

        var listed = await silo.GetDataAsync("/api/v1/twins?limit=1");
        var total = listed.GetProperty("count").GetInt32();
        Assert.InRange(total, Twins * 0.95, Twins);

        using var browser = DashboardBrowser.Open($"http://127.0.0.1:{silo.HttpPort}");
        browser.Go("fleet");
        await browser.WaitForTextAsync(".page-position", p => p == $"1–{PageSize} of {total}", "the first page of the fleet", TimeSpan.FromSeconds(30));
        await browser.WaitForAsync(() => browser.Script<bool>("return performance.getEntriesByName('dtn:page-ready').length > 0;") ? "ready" : null, "the page's ready mark");
        var loaded = Milliseconds(browser.Script<object>("return performance.getEntriesByType('navigation')[0].loadEventEnd;"));
        var ready = Milliseconds(browser.Script<object>("return performance.getEntriesByName('dtn:page-ready')[0].startTime;"));
        browser.Screenshot("fleet-100k");

        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? last = null;
        for (var page = 1; page <= PagesWalked; page++)
        {
            var ids = browser.Script<string>("return JSON.stringify([...document.querySelectorAll('tr[data-twin]')].map(r => r.dataset.twin));");
            var onPage = JsonSerializer.Deserialize<string[]>(ids)!;
            Assert.Equal(PageSize, onPage.Length);
            Assert.Equal(onPage.Order(StringComparer.Ordinal), onPage);
            Assert.True(last is null || string.CompareOrdinal(last, onPage[0]) < 0, $"page {page} starts at {onPage[0]}, not after {last}");
            Assert.All(onPage, id => Assert.True(seen.Add(id), $"{id} shown twice"));
            last = onPage[^1];
            if (page == PagesWalked)
            {
                break;
            }

            browser.Find(".pager button:nth-of-type(2)").Click();
            var next = page * PageSize;
            await browser.WaitForTextAsync(".page-position", p => p == $"{next + 1}–{next + PageSize} of {total}", $"page {page + 1} of the fleet");
        }

        var pages = browser.Script<System.Collections.ObjectModel.ReadOnlyCollection<object>>("return performance.getEntriesByName('dtn:fleet-page').map(e => e.duration);")
            .Select(Milliseconds).Order().ToArray();
        Assert.Equal(PagesWalked, pages.Length);
        var line = string.Create(CultureInfo.InvariantCulture,
            $"fleet over {total:N0} twins: load event {loaded:F0} ms, data shown {ready:F0} ms after navigation; {pages.Length} pages p50 {Percentile(pages, 50):F0} ms, p95 {Percentile(pages, 95):F0} ms, max {pages[^1]:F0} ms");
        output.WriteLine(line);
        Directory.CreateDirectory(DashboardBrowser.ScreenshotFolder);
        await File.AppendAllLinesAsync(Path.Combine(DashboardBrowser.ScreenshotFolder, "load-times.txt"), [line]);
        Assert.Empty(silo.LoggedErrors());
    }

    private static double Milliseconds(object value) => Convert.ToDouble(value, CultureInfo.InvariantCulture);

    /// <summary>The nearest-rank percentile of sorted values.</summary>
    private static double Percentile(double[] sorted, double percent) => sorted[Math.Max(0, (int)Math.Ceiling(percent / 100 * sorted.Length) - 1)];
}
