using DigitalTwin.Grains.Directory;
using DigitalTwin.Grains.Hosting;
using DigitalTwin.Grains.Interfaces.Directory;
using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.Interfaces.Values;
using DigitalTwin.Persistence.Directory;
using DigitalTwin.Persistence.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using Npgsql;
using static DigitalTwin.Persistence.Tests.Infrastructure.Entries;

namespace DigitalTwin.Persistence.Tests.Directory;

/// <summary>
/// The same entries and queries against the in-memory directory's rules and PostgreSQL: every page, total,
/// presence and cursor must be identical, so the two storage modes answer listings alike.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class DirectoryParityTests(PostgresFixture fixture) : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);
    private readonly ManualClock _clock = new(Start);
    private readonly Dictionary<string, TwinDirectoryEntry> _memory = new(StringComparer.Ordinal);
    private NpgsqlDataSource _dataSource = null!;
    private PostgresTwinDirectory _postgres = null!;

    public async Task InitializeAsync()
    {
        _dataSource = await fixture.CreateDatabaseAsync();
        _postgres = new PostgresTwinDirectory(_dataSource, Options.Create(new TwinOptions { InactivityTimeout = Timeout }), _clock);
        var random = new Random(20261101);
        var live = Enumerable.Range(0, 400).Select(i => RandomEntry(random, i)).ToList();
        var tombstones = live.Where((_, i) => i % 10 == 0).Select(e => e with { Version = e.Version + 1, Deleted = true });
        var stale = live.Where((_, i) => i % 10 == 5).Select(e => e with { Version = e.Version - 1, Metadata = Text("stale", "yes") });
        var batch = live.Concat(tombstones).Concat(stale).ToList();
        foreach (var chunk in batch.Chunk(97))
        {
            await _postgres.UpsertAsync(chunk, CancellationToken.None);
            foreach (var entry in chunk)
            {
                if (!_memory.TryGetValue(entry.Id, out var kept) || kept.Version < entry.Version)
                {
                    _memory[entry.Id] = entry;
                }
            }
        }
    }

    public async Task DisposeAsync() => await _dataSource.DisposeAsync();

    public static TheoryData<string> Filters => ["none", "type", "online", "observed", "offline", "lifecycle", "location", "floor-number", "flag", "combined", "nothing", "id-prefix", "id-underscore"];

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task EverySortAndPageAnswersAlike(string filter)
    {
        var filtered = filter switch
        {
            "type" => new TwinQuery { Type = "type-1" },
            "online" => new TwinQuery { Presence = PresenceStatus.Online },
            "offline" => new TwinQuery { Presence = PresenceStatus.Offline },
            "observed" => new TwinQuery { Presence = PresenceStatus.Observed },
            "lifecycle" => new TwinQuery { Lifecycle = TwinLifecycle.Suspended },
            "location" => new TwinQuery { Metadata = [new("location", "building-2")] },
            "floor-number" => new TwinQuery { Metadata = [new("floor", "2")] },
            "flag" => new TwinQuery { Metadata = [new("flag", "true")] },
            "combined" => new TwinQuery { Type = "type-0", Presence = PresenceStatus.Online, Metadata = [new("location", "building-1"), new("floor", "1.0")] },
            "nothing" => new TwinQuery { Metadata = [new("location", "nowhere")] },
            "id-prefix" => new TwinQuery { IdPrefix = "dev-1" },

            // '_' is an id character and SQL LIKE's any-one-character: "dev_" must not match the "dev-" ids.
            "id-underscore" => new TwinQuery { IdPrefix = "dev_" },
            _ => new TwinQuery(),
        };

        foreach (var field in Enum.GetValues<TwinSortField>())
        {
            foreach (var descending in new[] { false, true })
            {
                var query = filtered with { Sort = new(field, descending), Limit = 37 };
                await WalkByCursor(query);
                foreach (var offset in new[] { 0, 36, 200, 500 })
                {
                    Compare(Memory(query with { Offset = offset }), await _postgres.QueryAsync(query with { Offset = offset }, CancellationToken.None), $"{filter} {field} {descending} offset {offset}");
                }
            }
        }
    }

    private async Task WalkByCursor(TwinQuery query)
    {
        string? cursor = null;
        var pages = 0;
        do
        {
            var expected = Memory(query with { Cursor = cursor });
            var actual = await _postgres.QueryAsync(query with { Cursor = cursor }, CancellationToken.None);
            Compare(expected, actual, $"{query.Sort} page {pages}");
            cursor = actual.NextCursor;
            pages++;
        }
        while (cursor is not null);
    }

    private TwinDirectoryPage Memory(TwinQuery query) =>
        TwinDirectorySearch.Run(_memory.Values.OrderBy(e => e.Id, StringComparer.Ordinal), query, _clock.GetUtcNow(), Timeout);

    private static void Compare(TwinDirectoryPage expected, TwinDirectoryPage actual, string what)
    {
        Assert.True(expected.Total == actual.Total, $"{what}: total {expected.Total} in memory, {actual.Total} in PostgreSQL");
        Assert.Equal(expected.Twins.Select(Describe), actual.Twins.Select(Describe));
        Assert.Equal(expected.NextCursor, actual.NextCursor);
    }

    private static string Describe(TwinDirectoryListing listing)
    {
        var e = listing.Entry;
        var metadata = string.Join(",", e.Metadata.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $"{m.Key}={m.Value}"));
        return $"{e.Id} {e.Type} {e.Lifecycle} {e.AnnouncedPresence} {listing.Presence} {e.LastSeen?.UtcTicks} {e.CreatedAt.UtcTicks} {e.LastUpdated.UtcTicks} {e.Version} {metadata}";
    }

    private static TwinDirectoryEntry RandomEntry(Random random, int i)
    {
        // Few distinct values per field, so sorts meet many ties and filters many matches; last_seen
        // straddles the inactivity timeout to the microsecond.
        DateTimeOffset? lastSeen = random.Next(5) switch
        {
            0 => null,
            1 => Start - Timeout,
            2 => Start - Timeout - TimeSpan.FromMicroseconds(1),
            _ => Start.AddSeconds(-random.Next(600)),
        };
        var metadata = new Dictionary<string, FieldValue>
        {
            ["location"] = FieldValue.FromText($"building-{random.Next(3)}"),
            ["floor"] = random.Next(3) == 0 ? FieldValue.FromText(random.Next(3).ToString()) : FieldValue.FromNumber(random.Next(3)),
        };
        if (random.Next(2) == 0)
        {
            metadata["flag"] = random.Next(2) == 0 ? FieldValue.FromBoolean(random.Next(2) == 0) : FieldValue.FromText("true");
        }

        return Entry(
            $"{(i % 7 == 0 ? "dev_" : "dev-")}{random.Next(100_000):D5}-{i}",
            version: random.Next(1, 50),
            type: $"type-{random.Next(3)}",
            lifecycle: (TwinLifecycle)random.Next(4),
            presence: random.Next(6) switch { 0 => PresenceStatus.Offline, 1 => PresenceStatus.Observed, _ => PresenceStatus.Online },
            lastSeen: lastSeen,
            metadata: metadata,
            created: Start.AddSeconds(-random.Next(20)),
            updated: Start.AddMicroseconds(-random.Next(20)));
    }
}
