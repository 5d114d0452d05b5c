using DigitalTwin.Grains.Interfaces.Directory;
using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.Interfaces.Values;
using DigitalTwin.Grains.Tests.Infrastructure;
using static DigitalTwin.Grains.Tests.Infrastructure.Messages;

namespace DigitalTwin.Grains.Tests.Directory;

/// <summary>
/// The twin directory answers listings without activating twins. Twins of one test share a fresh type,
/// so each query sees only that test's twins although the cluster is shared.
/// </summary>
[Collection(TwinClusterCollection.Name)]
public sealed class TwinDirectoryTests(DiscoveringClusterFixture fixture)
{
    [Fact]
    public async Task DiscoveredTwinIsListedWithItsState()
    {
        var type = DeviceIds.NewType();
        var id = DeviceIds.New();
        var at = DateTimeOffset.UtcNow;

        await fixture.SendAsync(Telemetry(id, at, type, Number("temperature", 21)));

        var page = await WaitForPage(new TwinQuery { Type = type }, p => p.Total == 1);
        var listing = Assert.Single(page.Twins);
        Assert.Equal(PresenceStatus.Online, listing.Presence);
        Assert.Equal(id, listing.Entry.Id);
        Assert.Equal(type, listing.Entry.Type);
        Assert.Equal(TwinLifecycle.Active, listing.Entry.Lifecycle);
        Assert.Equal(FieldValue.FromNumber(21), listing.Entry.State["temperature"]);
        Assert.Equal(FieldValue.FromBoolean(true), listing.Entry.Metadata["auto_discovered"]);
        Assert.Equal(at, listing.Entry.LastSeen);
        Assert.Equal(1, listing.Entry.Version);
    }

    [Fact]
    public async Task ListingFollowsDeviceTraffic()
    {
        var type = DeviceIds.NewType();
        var id = DeviceIds.New();
        var at = DateTimeOffset.UtcNow;
        await fixture.SendAsync(Telemetry(id, at, type, Number("temperature", 21)));
        await WaitForPage(new TwinQuery { Type = type }, p => p.Total == 1);

        await fixture.SendAsync(Telemetry(id, at.AddSeconds(1), Number("temperature", 23)));

        var page = await WaitForPage(new TwinQuery { Type = type }, p => p.Twins.Single().Entry.Version == 2);
        Assert.Equal(FieldValue.FromNumber(23), page.Twins[0].Entry.State["temperature"]);
    }

    [Fact]
    public async Task ListingsFilterByTypeLifecycleAndPresence()
    {
        var type = DeviceIds.NewType();
        var prefix = DeviceIds.New();
        string active = $"{prefix}-a", pending = $"{prefix}-b", suspended = $"{prefix}-c", silent = $"{prefix}-d";
        var now = DateTimeOffset.UtcNow;

        await fixture.SendAsync(Telemetry(active, now, type, Number("n", 1)));
        await fixture.Twin(pending).CreateAsync(new TwinDefinition(type, [], []));
        await fixture.SendAsync(Telemetry(suspended, now, type, Number("n", 1)));
        await fixture.SendAsync(Telemetry(silent, now, type, Number("n", 1)));
        await fixture.SendAsync(Status(silent, now.AddSeconds(1), PresenceStatus.Offline));
        await WaitForTwin(suspended);
        await fixture.Twin(suspended).ChangeLifecycleAsync(TwinLifecycle.Suspended);
        await WaitForPage(
            new TwinQuery { Type = type },
            p => p.Total == 4
                && p.Twins.Single(t => t.Entry.Id == suspended).Entry.Lifecycle == TwinLifecycle.Suspended
                && p.Twins.Single(t => t.Entry.Id == silent).Presence == PresenceStatus.Offline);

        Assert.Equal([active, silent], await Ids(new TwinQuery { Type = type, Lifecycle = TwinLifecycle.Active }));
        Assert.Equal([pending], await Ids(new TwinQuery { Type = type, Lifecycle = TwinLifecycle.Pending }));
        Assert.Equal([suspended], await Ids(new TwinQuery { Type = type, Lifecycle = TwinLifecycle.Suspended }));
        Assert.Equal([active, suspended], await Ids(new TwinQuery { Type = type, Presence = PresenceStatus.Online }));
        Assert.Equal([pending, silent], await Ids(new TwinQuery { Type = type, Presence = PresenceStatus.Offline }));
        Assert.Equal([active], await Ids(new TwinQuery { Type = type, Lifecycle = TwinLifecycle.Active, Presence = PresenceStatus.Online }));
        Assert.Empty(await Ids(new TwinQuery { Type = type, Lifecycle = TwinLifecycle.Decommissioned }));
        Assert.Empty(await Ids(new TwinQuery { Type = DeviceIds.NewType() }));
    }

    [Fact]
    public async Task PagesAreOrderedByIdAndCountEveryMatch()
    {
        var type = DeviceIds.NewType();
        var prefix = DeviceIds.New();
        var ids = Enumerable.Range(0, 5).Select(i => $"{prefix}-{i}").ToArray();
        foreach (var id in ids.Reverse())
        {
            await fixture.Twin(id).CreateAsync(new TwinDefinition(type, [], []));
        }

        await WaitForPage(new TwinQuery { Type = type }, p => p.Total == 5);

        var pages = new List<TwinDirectoryPage>();
        foreach (var offset in new[] { 0, 2, 4, 6 })
        {
            pages.Add(await fixture.Directory.QueryAsync(new TwinQuery { Type = type, Limit = 2, Offset = offset }, CancellationToken.None));
        }

        Assert.All(pages, p => Assert.Equal(5, p.Total));
        Assert.Equal([ids[0], ids[1]], pages[0].Twins.Select(t => t.Entry.Id));
        Assert.Equal([ids[2], ids[3]], pages[1].Twins.Select(t => t.Entry.Id));
        Assert.Equal([ids[4]], pages[2].Twins.Select(t => t.Entry.Id));
        Assert.Empty(pages[3].Twins);
    }

    [Fact]
    public async Task DeletedTwinLeavesTheListing()
    {
        var type = DeviceIds.NewType();
        var id = DeviceIds.New();
        await fixture.Twin(id).CreateAsync(new TwinDefinition(type, [], []));
        await WaitForPage(new TwinQuery { Type = type }, p => p.Total == 1);

        await fixture.Twin(id).DeleteAsync();

        var page = await WaitForPage(new TwinQuery { Type = type }, p => p.Total == 0);
        Assert.Empty(page.Twins);
    }

    [Fact]
    public async Task TwinCreatedAgainAfterDeletionIsListedAgain()
    {
        var type = DeviceIds.NewType();
        var id = DeviceIds.New();
        var twin = fixture.Twin(id);
        await twin.CreateAsync(new TwinDefinition(type, [], []));
        await twin.UpdateReportedStateAsync([Number("a", 1)]);
        await twin.UpdateReportedStateAsync([Number("a", 2)]);
        await WaitForPage(new TwinQuery { Type = type }, p => p.Total == 1 && p.Twins[0].Entry.Version == 3);

        await twin.DeleteAsync();
        await twin.CreateAsync(new TwinDefinition(type, [], []));

        var page = await WaitForPage(new TwinQuery { Type = type }, p => p.Total == 1 && p.Twins[0].Entry.State.Count == 0);
        Assert.Equal(5, page.Twins[0].Entry.Version); // 3 before, 4 the deletion, 5 created again
        Assert.Equal(TwinLifecycle.Pending, page.Twins[0].Entry.Lifecycle);
    }

    [Fact]
    public async Task DirectoryGrainKeepsTheNewestVersionOfAnEntry()
    {
        var type = DeviceIds.NewType();
        var id = DeviceIds.New();
        var directory = fixture.Client.GetGrain<ITwinDirectoryGrain>(0);

        await directory.UpsertAsync([Entry(id, type, version: 5, "new")]);
        await directory.UpsertAsync([Entry(id, type, version: 4, "old")]);

        var page = await directory.QueryAsync(new TwinQuery { Type = type });
        Assert.Equal(1, page.Total);
        Assert.Equal(5, page.Twins[0].Entry.Version);
        Assert.Equal(FieldValue.FromText("new"), page.Twins[0].Entry.Metadata["mark"]);
    }

    [Fact]
    public async Task DirectoryGrainHonoursOnlyANewerTombstone()
    {
        var type = DeviceIds.NewType();
        var id = DeviceIds.New();
        var directory = fixture.Client.GetGrain<ITwinDirectoryGrain>(0);
        await directory.UpsertAsync([Entry(id, type, version: 5, "live")]);

        await directory.UpsertAsync([Entry(id, type, version: 4, "stale tombstone") with { Deleted = true }]);
        var afterStale = await directory.QueryAsync(new TwinQuery { Type = type });
        await directory.UpsertAsync([Entry(id, type, version: 6, "tombstone") with { Deleted = true }]);
        var afterDelete = await directory.QueryAsync(new TwinQuery { Type = type });
        await directory.UpsertAsync([Entry(id, type, version: 5, "late")]);
        var afterLate = await directory.QueryAsync(new TwinQuery { Type = type });

        Assert.Equal(1, afterStale.Total);
        Assert.Equal(FieldValue.FromText("live"), afterStale.Twins[0].Entry.Metadata["mark"]);
        Assert.Equal(0, afterDelete.Total);
        Assert.Empty(afterDelete.Twins);
        Assert.Equal(0, afterLate.Total);
    }

    private static TwinDirectoryEntry Entry(string id, string type, long version, string mark) => new()
    {
        Id = id,
        Type = type,
        Lifecycle = TwinLifecycle.Active,
        AnnouncedPresence = PresenceStatus.Offline,
        Metadata = new() { ["mark"] = FieldValue.FromText(mark) },
        State = [],
        CreatedAt = DateTimeOffset.UtcNow,
        LastUpdated = DateTimeOffset.UtcNow,
        Version = version,
    };

    private Task<TwinDirectoryPage> WaitForPage(TwinQuery query, Func<TwinDirectoryPage, bool> condition) =>
        Eventually.Until(() => fixture.Directory.QueryAsync(query, CancellationToken.None), condition, $"a directory page for type {query.Type}");

    private Task WaitForTwin(string id) =>
        Eventually.Until(() => fixture.Twin(id).GetAsync(), t => t is not null, $"twin {id}");

    private async Task<string[]> Ids(TwinQuery query) =>
        (await fixture.Directory.QueryAsync(query, CancellationToken.None)).Twins.Select(t => t.Entry.Id).ToArray();
}
