using DigitalTwin.Grains.Audit;
using DigitalTwin.Persistence.Audit;
using DigitalTwin.Persistence.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DigitalTwin.Persistence.Tests.Audit;

/// <summary>
/// The same audit entries and queries against the in-memory log and PostgreSQL: every filter and page must match,
/// entries queued when the writer stops are written, and entries past the retention are deleted.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class AuditLogParityTests(PostgresFixture fixture)
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task FiltersAndPagesAnswerAsTheMemoryLogDoes()
    {
        var options = Options.Create(new AuditOptions());
        var memory = new MemoryAuditLog(options);
        var postgres = new PostgresAuditLog(await fixture.CreateDatabaseAsync(), options, new ManualClock(Now), NullLogger<PostgresAuditLog>.Instance);
        await postgres.StartAsync(CancellationToken.None);
        int[] statuses = [200, 201, 204, 400, 401, 403, 404, 409, 500];
        for (var i = 0; i < 120; i++)
        {
            var entry = new AuditEntry(0, Now.AddMinutes(-i), $"caller-{i % 4}", i % 2 == 0 ? "admin" : "none", "POST", "/api/v1/twins/{id}", i % 5 == 0 ? null : $"t-{i}", "10.0.0.1", statuses[i % statuses.Length]);
            Assert.True(memory.Record(entry));
            Assert.True(postgres.Record(entry));
        }

        // Stopping writes what is still queued.
        await postgres.StopAsync(CancellationToken.None);

        var queries = new List<AuditQuery> { new() { Limit = 1000 }, new() { Actor = "caller-2", Limit = 7 }, new() { From = Now.AddMinutes(-50), To = Now.AddMinutes(-10), Limit = 9 } };
        queries.AddRange(Enum.GetValues<AuditOutcome>().Select(o => new AuditQuery { Outcome = o, Actor = "caller-1", Limit = 5 }));
        foreach (var query in queries)
        {
            Assert.Equal(await AllAsync(memory, query), await AllAsync(postgres, query));
        }

        Assert.Equal(120, (await AllAsync(postgres, new AuditQuery { Limit = 1000 })).Count);
    }

    [Fact]
    public async Task EntriesPastTheRetentionAreDeleted()
    {
        var postgres = new PostgresAuditLog(await fixture.CreateDatabaseAsync(), Options.Create(new AuditOptions { Retention = TimeSpan.FromDays(30) }), new ManualClock(Now), NullLogger<PostgresAuditLog>.Instance);
        await postgres.StartAsync(CancellationToken.None);
        postgres.Record(new AuditEntry(0, Now.AddDays(-31), "old", "admin", "DELETE", "/api/v1/twins/{id}", "t-1", null, 200));
        postgres.Record(new AuditEntry(0, Now.AddDays(-29), "kept", "admin", "DELETE", "/api/v1/twins/{id}", "t-2", null, 200));

        // The writer expires old entries after its first batch: wait for that, bounded, then stop.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline && (await AllAsync(postgres, new AuditQuery())).Count != 1)
        {
            await Task.Delay(50);
        }

        await postgres.StopAsync(CancellationToken.None);
        var left = await AllAsync(postgres, new AuditQuery());
        Assert.Equal(["kept DELETE /api/v1/twins/{id} t-2 200"], left);
    }

    /// <summary>Every matching entry, page by page, as comparable text (ids differ between the two logs only in how they are assigned).</summary>
    private static async Task<List<string>> AllAsync(IAuditLog log, AuditQuery query)
    {
        var all = new List<string>();
        long? before = null;
        var pages = 0;
        do
        {
            var page = await log.QueryAsync(query with { Before = before }, CancellationToken.None);
            Assert.True(page.Entries.Count <= query.Limit);
            all.AddRange(page.Entries.Select(e => $"{e.Actor} {e.Method} {e.Route} {e.TwinId} {e.Status}" + (query.Limit == AuditQuery.DefaultLimit ? "" : $" {e.At:O} {e.Role} {e.RemoteAddress}")));
            before = page.NextBefore;
            pages++;
        }
        while (before is not null && pages < 1000);

        return all;
    }
}
