using DigitalTwin.Grains.Hosting;
using DigitalTwin.Grains.Interfaces.Directory;
using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.Interfaces.Values;
using DigitalTwin.Persistence.Directory;
using DigitalTwin.Persistence.Schema;
using DigitalTwin.Persistence.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using Npgsql;
using static DigitalTwin.Persistence.Tests.Infrastructure.Entries;

namespace DigitalTwin.Persistence.Tests.Directory;

/// <summary>The PostgreSQL twin directory against a real server: versions, tombstones, filters, sorts, pages, presence.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresTwinDirectoryTests(PostgresFixture fixture) : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);
    private readonly ManualClock _clock = new(Start);
    private NpgsqlDataSource _dataSource = null!;
    private PostgresTwinDirectory _directory = null!;

    public async Task InitializeAsync()
    {
        _dataSource = await fixture.CreateDatabaseAsync();
        _directory = new PostgresTwinDirectory(_dataSource, Options.Create(new TwinOptions { InactivityTimeout = Timeout }), _clock);
    }

    public async Task DisposeAsync() => await _dataSource.DisposeAsync();

    [Fact]
    public async Task SchemaCanBeAppliedAgain()
    {
        await using var command = _dataSource.CreateCommand(SchemaScript.LoadEmbedded().Single(s => s.Name == "020_twin_directory.sql").Sql);
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task EntryRoundTripsEveryField()
    {
        var entry = Entry(
            "dev-1", version: 7, type: "thermo", lifecycle: TwinLifecycle.Suspended, lastSeen: Start.AddSeconds(-1),
            metadata: new() { ["location"] = FieldValue.FromText("b1"), ["floor"] = FieldValue.FromNumber(2.5), ["ok"] = FieldValue.FromBoolean(true) },
            state: new() { ["temperature"] = FieldValue.FromNumber(-0.125), ["label"] = FieldValue.FromText("x") },
            created: Start.AddDays(-1), updated: Start.AddMicroseconds(-3));
        await Upsert(entry);

        var listing = Assert.Single((await Query(new TwinQuery())).Twins);

        Assert.Equal(PresenceStatus.Online, listing.Presence);
        Assert.Equal(entry.Id, listing.Entry.Id);
        Assert.Equal(entry.Type, listing.Entry.Type);
        Assert.Equal(entry.Lifecycle, listing.Entry.Lifecycle);
        Assert.Equal(entry.AnnouncedPresence, listing.Entry.AnnouncedPresence);
        Assert.Equal(entry.LastSeen, listing.Entry.LastSeen);
        Assert.Equal(entry.Metadata, listing.Entry.Metadata);
        Assert.Equal(entry.State, listing.Entry.State);
        Assert.Equal(entry.CreatedAt, listing.Entry.CreatedAt);
        Assert.Equal(entry.LastUpdated, listing.Entry.LastUpdated);
        Assert.Equal(7, listing.Entry.Version);
    }

    [Fact]
    public async Task HigherVersionWinsInAnyOrderAndWithinOneBatch()
    {
        await Upsert(Entry("a", 5, metadata: Text("mark", "five")));
        await Upsert(Entry("a", 4, metadata: Text("mark", "four")));
        await Upsert(Entry("b", 2, metadata: Text("mark", "two")), Entry("b", 3, metadata: Text("mark", "three")), Entry("b", 1, metadata: Text("mark", "one")));

        var page = await Query(new TwinQuery());

        Assert.Equal(["five", "three"], page.Twins.Select(t => t.Entry.Metadata["mark"].Text));
    }

    [Fact]
    public async Task TombstoneHidesTheTwinAndOutranksLateOlderEntries()
    {
        await Upsert(Entry("a", 5), Entry("b", 1));
        await Upsert(Entry("a", 4, deleted: true));
        Assert.Equal(2, (await Query(new TwinQuery())).Total);

        await Upsert(Entry("a", 6, deleted: true));
        await Upsert(Entry("a", 5, metadata: Text("mark", "late")));
        var afterDelete = await Query(new TwinQuery());
        Assert.Equal(1, afterDelete.Total);
        Assert.Equal(["b"], afterDelete.Twins.Select(t => t.Entry.Id));

        await Upsert(Entry("a", 7, metadata: Text("mark", "created again")));
        Assert.Equal("created again", (await Query(new TwinQuery())).Twins[0].Entry.Metadata["mark"].Text);
    }

    [Fact]
    public async Task FiltersByTypeLifecycleAndMetadataAndCountsMatches()
    {
        await Upsert(
            Entry("a", type: "t1", lifecycle: TwinLifecycle.Active, metadata: new() { ["location"] = FieldValue.FromText("b1"), ["floor"] = FieldValue.FromNumber(2) }),
            Entry("b", type: "t1", lifecycle: TwinLifecycle.Pending, metadata: new() { ["location"] = FieldValue.FromText("b1"), ["floor"] = FieldValue.FromText("2") }),
            Entry("c", type: "t2", lifecycle: TwinLifecycle.Active, metadata: new() { ["location"] = FieldValue.FromText("b2"), ["on"] = FieldValue.FromBoolean(true) }),
            Entry("d", type: "t2", lifecycle: TwinLifecycle.Decommissioned, metadata: new() { ["on"] = FieldValue.FromText("true") }));

        Assert.Equal(["a", "b"], await Ids(new TwinQuery { Type = "t1" }));
        Assert.Equal(["a", "c"], await Ids(new TwinQuery { Lifecycle = TwinLifecycle.Active }));
        Assert.Equal(["a", "b"], await Ids(new TwinQuery { Metadata = [new("location", "b1")] }));
        Assert.Equal(["a", "b"], await Ids(new TwinQuery { Metadata = [new("floor", "2")] }));
        Assert.Equal(["a"], await Ids(new TwinQuery { Metadata = [new("floor", "2.0")] }));
        Assert.Equal(["c", "d"], await Ids(new TwinQuery { Metadata = [new("on", "true")] }));
        Assert.Equal(["b"], await Ids(new TwinQuery { Type = "t1", Lifecycle = TwinLifecycle.Pending, Metadata = [new("location", "b1"), new("floor", "2")] }));
        Assert.Empty(await Ids(new TwinQuery { Metadata = [new("location", "B1")] }));

        var page = await Query(new TwinQuery { Metadata = [new("location", "b1")], Limit = 1 });
        Assert.Equal(2, page.Total);
        Assert.Single(page.Twins);
    }

    [Fact]
    public async Task PresenceFollowsTheTimeoutToTheMicrosecond()
    {
        await Upsert(
            Entry("at-timeout", lastSeen: Start - Timeout),
            Entry("a-microsecond-late", lastSeen: Start - Timeout - TimeSpan.FromMicroseconds(1)),
            Entry("announced-offline", presence: PresenceStatus.Offline, lastSeen: Start),
            Entry("never-seen", lastSeen: null),
            Entry("seen-ahead", lastSeen: Start.AddMinutes(1)));

        Assert.Equal(["at-timeout", "seen-ahead"], await Ids(new TwinQuery { Presence = PresenceStatus.Online }));
        Assert.Equal(["a-microsecond-late", "announced-offline", "never-seen"], await Ids(new TwinQuery { Presence = PresenceStatus.Offline }));

        // Half a microsecond later the boundary entry has been silent longer than the timeout.
        _clock.Now = Start.AddTicks(5);
        Assert.Equal(["seen-ahead"], await Ids(new TwinQuery { Presence = PresenceStatus.Online }));
        var all = await Query(new TwinQuery());
        Assert.Equal(PresenceStatus.Offline, all.Twins.Single(t => t.Entry.Id == "at-timeout").Presence);
    }

    [Fact]
    public async Task HostsOnlyAProbeSawAreObservedWithinTheTimeoutAndOfflineAfterIt()
    {
        await Upsert(
            Entry("probe-seen", presence: PresenceStatus.Observed, lastSeen: Start),
            Entry("probe-seen-long-ago", presence: PresenceStatus.Observed, lastSeen: Start - Timeout - TimeSpan.FromSeconds(1)),
            Entry("device-online", lastSeen: Start));

        Assert.Equal(["probe-seen"], await Ids(new TwinQuery { Presence = PresenceStatus.Observed }));
        Assert.Equal(["device-online"], await Ids(new TwinQuery { Presence = PresenceStatus.Online }));
        Assert.Equal(["probe-seen-long-ago"], await Ids(new TwinQuery { Presence = PresenceStatus.Offline }));
        var all = await Query(new TwinQuery());
        Assert.Equal(PresenceStatus.Observed, all.Twins.Single(t => t.Entry.Id == "probe-seen").Presence);
    }

    public static TheoryData<TwinSortField, bool, string[]> Sorts => new()
    {
        { TwinSortField.Id, false, ["a", "b", "c", "d"] },
        { TwinSortField.Id, true, ["d", "c", "b", "a"] },
        { TwinSortField.Type, false, ["c", "a", "b", "d"] },
        { TwinSortField.Type, true, ["d", "b", "a", "c"] },
        { TwinSortField.CreatedAt, false, ["d", "c", "a", "b"] },
        { TwinSortField.CreatedAt, true, ["b", "a", "c", "d"] },
        { TwinSortField.LastUpdated, false, ["b", "a", "d", "c"] },
        { TwinSortField.LastUpdated, true, ["c", "d", "a", "b"] },
        { TwinSortField.LastSeen, false, ["c", "a", "b", "d"] },
        { TwinSortField.LastSeen, true, ["d", "b", "a", "c"] },
    };

    [Theory]
    [MemberData(nameof(Sorts))]
    public async Task SortsByTheFieldWithIdBreakingTies(TwinSortField field, bool descending, string[] expected)
    {
        await Upsert(
            Entry("a", type: "m", created: Start.AddSeconds(2), updated: Start.AddSeconds(1), lastSeen: Start.AddSeconds(1)),
            Entry("b", type: "m", created: Start.AddSeconds(3), updated: Start, lastSeen: Start.AddSeconds(1)),
            Entry("c", type: "a", created: Start.AddSeconds(1), updated: Start.AddSeconds(3), lastSeen: Start),
            Entry("d", type: "z", created: Start, updated: Start.AddSeconds(2), lastSeen: null));

        Assert.Equal(expected, await Ids(new TwinQuery { Sort = new(field, descending) }));
    }

    [Fact]
    public async Task OffsetPagesCoverEveryMatchOnce()
    {
        await Upsert([.. Enumerable.Range(0, 17).Select(i => Entry($"dev-{i:D2}", updated: Start.AddSeconds(i % 4)))]);
        var query = new TwinQuery { Limit = 5, Sort = new(TwinSortField.LastUpdated, true) };

        var walked = new List<string>();
        for (var offset = 0; offset < 20; offset += 5)
        {
            var page = await Query(query with { Offset = offset });
            Assert.Equal(17, page.Total);
            walked.AddRange(page.Twins.Select(t => t.Entry.Id));
        }

        Assert.Equal(await Ids(query with { Limit = 100 }), walked);
    }

    [Theory]
    [InlineData(TwinSortField.Id, false)]
    [InlineData(TwinSortField.Id, true)]
    [InlineData(TwinSortField.CreatedAt, false)]
    [InlineData(TwinSortField.LastSeen, true)]
    public async Task CursorPagesMissNoStableTwinAndRepeatNoneWhileOthersChange(TwinSortField field, bool descending)
    {
        // Twins keep their created_at and last_seen; the churn rewrites state, adds twins and deletes some.
        var entries = Enumerable.Range(0, 60)
            .Select(i => Entry($"dev-{i:D3}", created: Start.AddSeconds(i % 7), lastSeen: i % 5 == 0 ? null : Start.AddSeconds(-(i % 3))))
            .ToDictionary(e => e.Id);
        await Upsert([.. entries.Values]);
        var deleted = new HashSet<string>();
        var query = new TwinQuery { Limit = 7, Sort = new(field, descending) };

        var seen = new List<string>();
        string? cursor = null;
        var round = 0;
        do
        {
            var page = await Query(query with { Cursor = cursor });
            seen.AddRange(page.Twins.Select(t => t.Entry.Id));
            cursor = page.NextCursor;

            round++;
            var changed = entries.Values.Where(e => !deleted.Contains(e.Id)).Where((_, i) => i % 9 == round % 9).ToList();
            foreach (var entry in changed)
            {
                entries[entry.Id] = entry with { Version = entry.Version + 1, State = Text("round", round.ToString()), LastUpdated = Start.AddMinutes(round) };
            }

            var gone = entries.Values.First(e => !deleted.Contains(e.Id) && e.Id.EndsWith((round % 10).ToString(), StringComparison.Ordinal));
            deleted.Add(gone.Id);
            entries[gone.Id] = gone with { Version = gone.Version + 1, Deleted = true };
            entries[$"new-{round:D3}"] = Entry($"new-{round:D3}", created: Start.AddSeconds(round % 7), lastSeen: Start);
            await Upsert([.. changed.Select(e => entries[e.Id]), entries[gone.Id], entries[$"new-{round:D3}"]]);
        }
        while (cursor is not null);

        Assert.Equal(seen.Count, seen.Distinct().Count());
        var stable = Enumerable.Range(0, 60).Select(i => $"dev-{i:D3}").Where(id => !deleted.Contains(id));
        Assert.All(stable, id => Assert.Contains(id, seen));
    }

    [Fact]
    public async Task CursorOfAnotherSortIsRefused()
    {
        await Upsert(Entry("a"), Entry("b"));
        var cursor = (await Query(new TwinQuery { Limit = 1 })).NextCursor;

        await Assert.ThrowsAsync<ArgumentException>(() => Query(new TwinQuery { Cursor = cursor, Sort = new(TwinSortField.Id, true) }));
    }

    public static TheoryData<string, string> HostileMetadata => new()
    {
        { "location", "'; DROP TABLE dtn_twin_directory; --" },
        { "location", "\"quoted\" \\ back\\slash" },
        { "location", "{\"location\":\"b1\"}" },
        { "location", "100%_like" },
        { "location", "bâtiment ① 🚀 ключ" },
        { "it's", "key with a quote" },
        { "ключ", "unicode key" },
        { "a\"b", "key with a double quote" },
        { "$.path", "key like a json path" },
    };

    [Theory]
    [MemberData(nameof(HostileMetadata))]
    public async Task HostileMetadataIsStoredAndMatchedLiterally(string name, string value)
    {
        await Upsert(Entry("a", metadata: Text(name, value)), Entry("b", metadata: Text(name, value + "x")), Entry("c", metadata: Text("location", "b1")));

        var page = await Query(new TwinQuery { Metadata = [new(name, value)] });

        var listing = Assert.Single(page.Twins);
        Assert.Equal("a", listing.Entry.Id);
        Assert.Equal(value, listing.Entry.Metadata[name].Text);
        Assert.Equal(3, (await Query(new TwinQuery())).Total);
    }

    [Fact]
    public async Task TextWithANulCharacterIsStoredWithAReplacementInsteadOfFailingTheBatch()
    {
        await Upsert(Entry("a", state: Text("label", "x\0y")), Entry("b"));

        var page = await Query(new TwinQuery());

        Assert.Equal(2, page.Total);
        Assert.Equal("x\uFFFDy", page.Twins[0].Entry.State["label"].Text);
    }

    private Task Upsert(params TwinDirectoryEntry[] entries) => _directory.UpsertAsync(entries, CancellationToken.None);

    private Task<TwinDirectoryPage> Query(TwinQuery query) => _directory.QueryAsync(query, CancellationToken.None);

    private async Task<string[]> Ids(TwinQuery query) => [.. (await Query(query)).Twins.Select(t => t.Entry.Id)];
}
