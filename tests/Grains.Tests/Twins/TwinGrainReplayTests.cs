using System.Text.Json;
using DigitalTwin.Grains.Interfaces.Events;
using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.Interfaces.Values;
using DigitalTwin.Grains.Tests.Infrastructure;
using static DigitalTwin.Grains.Tests.Infrastructure.Messages;

namespace DigitalTwin.Grains.Tests.Twins;

/// <summary>
/// An activating durable twin applies the log entries its snapshot does not hold as their live deliveries would, and
/// those deliveries, coming after, are skipped; an entry it refuses on the way leaves the log.
/// </summary>
[Collection(ScriptedQueueClusterCollection.Name)]
public sealed class TwinGrainReplayTests(ScriptedQueueClusterFixture fixture)
{
    [Fact]
    public async Task EntriesAfterTheSnapshotAreReplayedAndAnnouncedAsTheirDeliveriesWouldBe()
    {
        var id = DeviceIds.New();
        var at = DateTimeOffset.UtcNow;
        await fixture.StartTwinAsync(id, at);
        await fixture.Cluster.DeactivateAsync(fixture.Twin(id));
        var updatesBefore = fixture.Channel.UpdatesFor(id).Count;
        var feed = TwinFeed.Subscribe(fixture, id);

        // Logged while the twin was away, as when a silo crashed before delivering them.
        var reading = fixture.Append(Telemetry(id, at.AddSeconds(1), Number("power", 2)));
        var offline = fixture.Append(Status(id, at.AddSeconds(2), PresenceStatus.Offline));
        var replayed = await fixture.Twin(id).GetAsync();

        Assert.Equal(FieldValue.FromNumber(2), replayed!.Reported["power"].Value);
        Assert.Equal(3, replayed.Counters.Accepted);
        var updates = fixture.Channel.UpdatesFor(id).Skip(updatesBefore).ToList();
        Assert.Equal(2, updates.Count);
        Assert.All(updates, update => Assert.Equal("device", update.Source));
        Assert.Equal(["power"], updates[0].Changed.Select(value => value.Name));
        Assert.Empty(updates[1].Changed);
        Assert.Equal(PresenceStatus.Offline, updates[1].Presence);
        Assert.Equal(["offline"], PresenceOf(TwinFeed.Drain(feed)));

        // Their live deliveries follow, and find them applied.
        var redelivered = fixture.Metrics.Redelivered;
        fixture.Queue.Deliver(reading);
        fixture.Queue.Deliver(offline);
        await Eventually.UntilRecorded(() => fixture.Metrics.Redelivered, n => n >= redelivered + 2, "both deliveries skipped");

        Assert.Equal(replayed.Version, (await fixture.Twin(id).GetAsync())!.Version);
        Assert.Equal(updatesBefore + 2, fixture.Channel.UpdatesFor(id).Count);
        Assert.Empty(PresenceOf(TwinFeed.Drain(feed)));
    }

    [Fact]
    public async Task AnEntryRefusedOnReplayLeavesTheLog()
    {
        var id = DeviceIds.New();
        var twin = fixture.Twin(id);
        await twin.CreateAsync(new TwinDefinition("meter", [], []));
        await twin.ChangeLifecycleAsync(TwinLifecycle.Active);
        await twin.ChangeLifecycleAsync(TwinLifecycle.Suspended);
        await fixture.Cluster.DeactivateAsync(twin);

        fixture.Append(Telemetry(id, DateTimeOffset.UtcNow, Number("power", 1)));
        var replayed = await twin.GetAsync();

        Assert.Equal(1, replayed!.Counters.Ignored);
        Assert.Empty(fixture.Log.SequencesOf(id));
    }

    [Fact]
    public async Task ADeleteWhoseStateWriteFailsLosesNoLoggedMessage()
    {
        var id = DeviceIds.New();
        var at = DateTimeOffset.UtcNow;
        await fixture.StartTwinAsync(id, at);

        // A fresh activation from a written snapshot has nothing to write, so the write that fails is the delete's.
        await fixture.Cluster.DeactivateAsync(fixture.Twin(id));
        await fixture.ActivateAsync(id);

        // Acknowledged and logged, not yet delivered: only the log holds it.
        var pending = fixture.Append(Telemetry(id, at.AddSeconds(1), Number("power", 2)));
        fixture.Storage.FailNextWriteOf(id);
        await Assert.ThrowsAsync<TwinUnavailableException>(() => fixture.Twin(id).DeleteAsync());

        // The twin reloads its snapshot and replays the log: the delete did not happen, and the message is there.
        var reloaded = await Eventually.Until(() => fixture.Twin(id).GetAsync(), t => t?.Counters.Accepted == 2, "the logged message replayed after the failed delete");
        Assert.Equal(FieldValue.FromNumber(2), reloaded!.Reported["power"].Value);
        Assert.Contains(pending.Sequence, fixture.Log.SequencesOf(id));
    }

    [Fact]
    public async Task ADeleteRemovesTheEntriesItsTombstoneCovers()
    {
        var id = DeviceIds.New();
        await fixture.StartTwinAsync(id, DateTimeOffset.UtcNow);

        Assert.Equal(TwinWriteStatus.Applied, (await fixture.Twin(id).DeleteAsync()).Status);

        Assert.Empty(fixture.Log.SequencesOf(id));
        Assert.Null(await fixture.Twin(id).GetAsync());
    }

    private static List<string?> PresenceOf(List<TwinEvent> events) =>
        [.. events.Where(e => e.Type == TwinEventTypes.Presence).Select(e => JsonDocument.Parse(e.Json).RootElement.GetProperty("status").GetString())];
}
