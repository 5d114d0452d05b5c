using DigitalTwin.Grains.Detection;
using DigitalTwin.Grains.Directory;
using DigitalTwin.Grains.Interfaces.Alerts;
using DigitalTwin.Grains.Tests.Directory;

namespace DigitalTwin.Grains.Tests.Detection;

/// <summary>The in-memory alert index's query rules: filters, newest change first, ties by id, cursor paging.</summary>
public sealed class AlertSearchTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void AlertsComeNewestChangeFirstAndTiesGoByIdAcrossCursorPages()
    {
        var alerts = new[] { Alert("a", 1, Now), Alert("b", 1, Now.AddSeconds(5)), Alert("a", 2, Now), Alert("c", 1, Now.AddSeconds(-5)) };

        var ids = new List<string>();
        string? cursor = null;
        do
        {
            var page = AlertSearch.Run(alerts, new AlertQuery { Limit = 1, Cursor = cursor });
            Assert.Equal(4, page.Total);
            ids.AddRange(page.Alerts.Select(a => a.Id));
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.Equal(["b:1", "a:1", "a:2", "c:1"], ids);
    }

    [Fact]
    public void EachFilterKeepsOnlyItsMatches()
    {
        var acknowledged = Alert("a", 1, Now) with { AcknowledgedBy = "alice" };
        var critical = Alert("a", 2, Now) with { Severity = AlertSeverity.Critical, Type = "beacon" };
        var cleared = Alert("b", 1, Now) with { Status = AlertStatus.Cleared, LastSeen = Now.AddHours(-2) };
        AnomalyAlert[] alerts = [acknowledged, critical, cleared];

        Assert.Equal(["a:1", "a:2"], Ids(alerts, new AlertQuery { TwinId = "a" }));
        Assert.Equal(["a:2"], Ids(alerts, new AlertQuery { Type = "beacon" }));
        Assert.Equal(["a:2"], Ids(alerts, new AlertQuery { Severity = AlertSeverity.Critical }));
        Assert.Equal(["b:1"], Ids(alerts, new AlertQuery { Status = AlertStatus.Cleared }));
        Assert.Equal(["a:1"], Ids(alerts, new AlertQuery { Acknowledged = true }));
        Assert.Equal(["a:2", "b:1"], Ids(alerts, new AlertQuery { Acknowledged = false }));
        Assert.Equal(["b:1"], Ids(alerts, new AlertQuery { To = Now.AddHours(-2) }));
        Assert.Equal(["a:1", "a:2"], Ids(alerts, new AlertQuery { From = Now }));
        Assert.Empty(Ids(alerts, new AlertQuery { TwinId = "a", Status = AlertStatus.Cleared }));
    }

    [Fact]
    public void AnAlteredCursorOrATwinListingsCursorIsRefused()
    {
        AnomalyAlert[] alerts = [Alert("a", 1, Now), Alert("a", 2, Now)];
        var next = AlertSearch.Run(alerts, new AlertQuery { Limit = 1 }).NextCursor!;
        var twinCursor = TwinCursor.At(default, TwinCursorTests.Entry("a", "t", Now)).Encode();

        foreach (var cursor in new[] { next[..^1] + (next[^1] == 'A' ? 'B' : 'A'), twinCursor, "", new string('A', 600) })
        {
            Assert.NotNull(AlertCursor.TryDecode(cursor, out _));
            Assert.Throws<ArgumentException>(() => { AlertSearch.Run(alerts, new AlertQuery { Cursor = cursor }); });
        }

        Assert.Null(AlertCursor.TryDecode(next, out var decoded));
        Assert.Equal(("a:1", Now), (decoded!.Id, decoded.UpdatedAt));
    }

    private static string[] Ids(IEnumerable<AnomalyAlert> alerts, AlertQuery query) => [.. AlertSearch.Run(alerts, query).Alerts.Select(a => a.Id)];

    private static AnomalyAlert Alert(string twin, long number, DateTimeOffset updated) =>
        new(twin, number, "port_scan", AlertSeverity.Warning, AlertStatus.Active, Now.AddMinutes(-1), Now, 1, 5, []) { UpdatedAt = updated };
}
