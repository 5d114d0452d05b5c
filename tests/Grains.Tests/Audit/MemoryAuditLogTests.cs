using DigitalTwin.Grains.Audit;
using Microsoft.Extensions.Options;

namespace DigitalTwin.Grains.Tests.Audit;

public sealed class MemoryAuditLogTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task KeepsTheLatestEntriesUpToItsCapacityNewestFirst()
    {
        var log = Log(capacity: 100);
        for (var i = 0; i < 250; i++)
        {
            Assert.True(log.Record(Entry(i)));
        }

        var page = await log.QueryAsync(new AuditQuery { Limit = 1000 }, CancellationToken.None);

        Assert.Equal(100, page.Entries.Count);
        Assert.Equal(Enumerable.Range(150, 100).Reverse().Select(i => $"actor-{i}"), page.Entries.Select(e => e.Actor));
        Assert.Equal(250, page.Entries[0].Id);
        Assert.Null(page.NextBefore);
    }

    [Fact]
    public async Task PagesContinueAfterTheLastEntryWithoutGapOrOverlap()
    {
        var log = Log(capacity: 100);
        for (var i = 0; i < 25; i++)
        {
            log.Record(Entry(i));
        }

        var seen = new List<long>();
        long? before = null;
        do
        {
            var page = await log.QueryAsync(new AuditQuery { Limit = 10, Before = before }, CancellationToken.None);
            seen.AddRange(page.Entries.Select(e => e.Id));
            before = page.NextBefore;
        }
        while (before is not null);

        Assert.Equal(Enumerable.Range(1, 25).Reverse().Select(i => (long)i), seen);
    }

    [Fact]
    public async Task FiltersByTimeActorAndOutcome()
    {
        var log = Log(capacity: 100);
        for (var i = 0; i < 30; i++)
        {
            log.Record(Entry(i, status: i % 3 == 0 ? 403 : i % 3 == 1 ? 200 : 409, actor: i % 2 == 0 ? "alice" : "bob"));
        }

        var refusedByAlice = await log.QueryAsync(new AuditQuery { Actor = "alice", Outcome = AuditOutcome.Refused, Limit = 1000 }, CancellationToken.None);
        Assert.Equal([24, 18, 12, 6, 0], refusedByAlice.Entries.Select(e => (int)(e.At - Start).TotalMinutes));

        var window = await log.QueryAsync(new AuditQuery { From = Start.AddMinutes(10), To = Start.AddMinutes(12), Outcome = AuditOutcome.Failed }, CancellationToken.None);
        Assert.Equal([11], window.Entries.Select(e => (int)(e.At - Start).TotalMinutes));
    }

    [Theory]
    [InlineData(201, AuditOutcome.Succeeded)]
    [InlineData(401, AuditOutcome.Refused)]
    [InlineData(403, AuditOutcome.Refused)]
    [InlineData(404, AuditOutcome.Failed)]
    [InlineData(500, AuditOutcome.Failed)]
    public void StatusesMapToOutcomes(int status, AuditOutcome outcome) => Assert.Equal(outcome, AuditOutcomes.Of(status));

    [Fact]
    public void TheValidatorNamesBadKeys()
    {
        var result = new AuditOptionsValidator().Validate(null, new AuditOptions { MemoryCapacity = 10, Retention = TimeSpan.FromHours(1) });

        Assert.Contains("Audit:MemoryCapacity must be between 100 and 1000000, got 10.", result.Failures!);
        Assert.Contains("Audit:Retention must be at least one day, got 01:00:00.", result.Failures!);
        Assert.True(new AuditOptionsValidator().Validate(null, new AuditOptions()).Succeeded);
    }

    private static MemoryAuditLog Log(int capacity) => new(Options.Create(new AuditOptions { MemoryCapacity = capacity }));

    private static AuditEntry Entry(int i, int status = 200, string? actor = null) =>
        new(0, Start.AddMinutes(i), actor ?? $"actor-{i}", "admin", "POST", "/api/v1/twins/", $"t-{i}", "127.0.0.1", status);
}
