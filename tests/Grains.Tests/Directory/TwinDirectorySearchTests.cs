using DigitalTwin.Grains.Directory;
using DigitalTwin.Grains.Interfaces.Directory;
using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.Interfaces.Values;

namespace DigitalTwin.Grains.Tests.Directory;

/// <summary>The in-memory directory's query rules: filters, sorts, offset and cursor pages, tombstones, presence.</summary>
public sealed class TwinDirectorySearchTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    [Fact]
    public void MetadataFiltersMustAllMatch()
    {
        var entries = new[]
        {
            Entry("a", metadata: new() { ["location"] = FieldValue.FromText("building-1"), ["floor"] = FieldValue.FromNumber(2) }),
            Entry("b", metadata: new() { ["location"] = FieldValue.FromText("building-1"), ["floor"] = FieldValue.FromNumber(3) }),
            Entry("c", metadata: new() { ["location"] = FieldValue.FromText("building-2"), ["floor"] = FieldValue.FromNumber(2) }),
        };

        Assert.Equal(["a", "b"], Ids(entries, new TwinQuery { Metadata = [new("location", "building-1")] }));
        Assert.Equal(["a"], Ids(entries, new TwinQuery { Metadata = [new("location", "building-1"), new("floor", "2")] }));
        Assert.Empty(Ids(entries, new TwinQuery { Metadata = [new("room", "1")] }));
    }

    [Fact]
    public void TombstonesNeverMatchNorCount()
    {
        var page = Run([Entry("a"), Entry("b") with { Deleted = true }], new TwinQuery());

        Assert.Equal(1, page.Total);
        Assert.Equal("a", Assert.Single(page.Twins).Entry.Id);
    }

    [Fact]
    public void PresenceIsOnlineUpToTheTimeoutInclusive()
    {
        var entries = new[]
        {
            Entry("at-timeout", lastSeen: Now - Timeout),
            Entry("past-timeout", lastSeen: Now - Timeout - TimeSpan.FromTicks(1)),
            Entry("announced-offline", lastSeen: Now, presence: PresenceStatus.Offline),
            Entry("never-seen", lastSeen: null),
        };

        Assert.Equal(["at-timeout"], Ids(entries, new TwinQuery { Presence = PresenceStatus.Online }));
        Assert.Equal(["announced-offline", "never-seen", "past-timeout"], Ids(entries, new TwinQuery { Presence = PresenceStatus.Offline }));
    }

    [Fact]
    public void SortsByTheFieldThenById()
    {
        var entries = new[]
        {
            Entry("a", updated: Now.AddSeconds(2)),
            Entry("b", updated: Now.AddSeconds(1)),
            Entry("c", updated: Now.AddSeconds(2)),
        };

        Assert.Equal(["b", "a", "c"], Ids(entries, new TwinQuery { Sort = new(TwinSortField.LastUpdated, false) }));
        Assert.Equal(["c", "a", "b"], Ids(entries, new TwinQuery { Sort = new(TwinSortField.LastUpdated, true) }));
    }

    [Theory]
    [InlineData(TwinSortField.Id, false)]
    [InlineData(TwinSortField.LastSeen, false)]
    [InlineData(TwinSortField.LastSeen, true)]
    [InlineData(TwinSortField.Type, true)]
    public void CursorPagesWalkEveryMatchOnceAndCountThemAll(TwinSortField field, bool descending)
    {
        var entries = Enumerable.Range(0, 23)
            .Select(i => Entry($"dev-{i:D2}", type: $"t{i % 3}", lastSeen: i % 4 == 0 ? null : Now.AddSeconds(-(i % 5))))
            .ToArray();
        var query = new TwinQuery { Limit = 5, Sort = new(field, descending) };
        var expected = Ids(entries, query with { Limit = 100 });

        var walked = new List<string>();
        string? cursor = null;
        do
        {
            var page = Run(entries, query with { Cursor = cursor });
            Assert.Equal(23, page.Total);
            walked.AddRange(page.Twins.Select(t => t.Entry.Id));
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.Equal(expected, walked);
    }

    [Fact]
    public void CursorContinuesAfterItsPositionWhenThatTwinIsGone()
    {
        var entries = new[] { Entry("a"), Entry("b"), Entry("c") };
        var first = Run(entries, new TwinQuery { Limit = 2 });

        var next = Run([entries[0], entries[2]], new TwinQuery { Limit = 2, Cursor = first.NextCursor });

        Assert.Equal(["c"], next.Twins.Select(t => t.Entry.Id));
        Assert.Null(next.NextCursor);
    }

    [Fact]
    public void LastPageHasNoNextCursor()
    {
        var entries = new[] { Entry("a"), Entry("b") };

        Assert.NotNull(Run(entries, new TwinQuery { Limit = 1 }).NextCursor);
        Assert.Null(Run(entries, new TwinQuery { Limit = 2 }).NextCursor);
        Assert.Null(Run(entries, new TwinQuery { Limit = 1, Offset = 1 }).NextCursor);
        Assert.Empty(Run(entries, new TwinQuery { Offset = 5 }).Twins);
    }

    [Fact]
    public void CursorOfAnotherSortIsRefused()
    {
        var cursor = Run([Entry("a"), Entry("b")], new TwinQuery { Limit = 1 }).NextCursor;

        Assert.Throws<ArgumentException>(() => Run([Entry("a")], new TwinQuery { Cursor = cursor, Sort = new(TwinSortField.Type, false) }));
    }

    private static TwinDirectoryPage Run(TwinDirectoryEntry[] entries, TwinQuery query) => TwinDirectorySearch.Run(entries, query, Now, Timeout);

    private static string[] Ids(TwinDirectoryEntry[] entries, TwinQuery query) => [.. Run(entries, query).Twins.Select(t => t.Entry.Id)];

    private static TwinDirectoryEntry Entry(
        string id, string type = "sensor", DateTimeOffset? lastSeen = null, PresenceStatus presence = PresenceStatus.Online,
        DateTimeOffset? updated = null, Dictionary<string, FieldValue>? metadata = null) => new()
    {
        Id = id,
        Type = type,
        Lifecycle = TwinLifecycle.Active,
        AnnouncedPresence = presence,
        LastSeen = lastSeen,
        Metadata = metadata ?? [],
        State = [],
        CreatedAt = Now,
        LastUpdated = updated ?? Now,
        Version = 1,
    };
}
