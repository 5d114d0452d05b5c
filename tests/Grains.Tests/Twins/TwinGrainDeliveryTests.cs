using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.Interfaces.Values;
using DigitalTwin.Grains.Tests.Infrastructure;
using static DigitalTwin.Grains.Tests.Infrastructure.Messages;

namespace DigitalTwin.Grains.Tests.Twins;

/// <summary>
/// A durable twin takes its queue's deliveries by their log sequence: one it holds already (at or below its state's
/// sequence) changes nothing and is counted as redelivered, a higher one is applied, and one it refuses leaves the log.
/// </summary>
[Collection(ScriptedQueueClusterCollection.Name)]
public sealed class TwinGrainDeliveryTests(ScriptedQueueClusterFixture fixture)
{
    [Fact]
    public Task ADeliveryAtOrBelowTheTwinsSequenceChangesNothingAndCountsAsRedelivered() => TakenDeliveries.ChangeNothingAsync(fixture);

    [Fact]
    public async Task AMessageAcknowledgedBeforeADeleteDoesNotRecreateTheTwin()
    {
        var id = DeviceIds.New();
        var at = DateTimeOffset.UtcNow;
        await fixture.StartTwinAsync(id, at);

        // Logged (so acknowledged) before the delete, still on its way through the stream: the old twin's message.
        var queued = fixture.Append(Telemetry(id, at.AddSeconds(1), "meter", Number("power", 2)));
        Assert.Equal(TwinWriteStatus.Applied, (await fixture.Twin(id).DeleteAsync()).Status);
        var redelivered = fixture.Metrics.Redelivered;
        fixture.Queue.Deliver(queued);

        await Eventually.UntilRecorded(() => fixture.Metrics.Redelivered, n => n > redelivered, "the old twin's message skipped");
        Assert.Null(await fixture.Twin(id).GetAsync());
    }

    [Fact]
    public async Task ADeliveryAboveTheTwinsSequenceIsApplied()
    {
        var id = DeviceIds.New();
        var at = DateTimeOffset.UtcNow;
        var first = await fixture.StartTwinAsync(id, at);
        var redelivered = fixture.Metrics.Redelivered;
        await fixture.RedeliverAsync(first);
        await Eventually.UntilRecorded(() => fixture.Metrics.Redelivered, n => n > redelivered, "the redelivery skipped");
        var held = await fixture.Twin(id).GetAsync();

        fixture.Publish(Telemetry(id, at.AddSeconds(1), Number("power", 2)));

        var next = await Eventually.Until(() => fixture.Twin(id).GetAsync(), t => t?.Counters.Accepted == 2, "the next sequence applied");
        Assert.Equal(FieldValue.FromNumber(2), next!.Reported["power"].Value);
        Assert.Equal(held!.Version + 1, next.Version);
        Assert.Equal(redelivered + 1, fixture.Metrics.Redelivered);
    }

    [Fact]
    public async Task ADeliveryTheTwinRefusesLeavesTheLogAndOneItTakesStays()
    {
        var id = DeviceIds.New();
        var at = DateTimeOffset.UtcNow;
        var twin = fixture.Twin(id);
        await twin.CreateAsync(new TwinDefinition("meter", [], []));
        await twin.ChangeLifecycleAsync(TwinLifecycle.Active);
        await twin.ChangeLifecycleAsync(TwinLifecycle.Suspended);

        fixture.Publish(Telemetry(id, at, Number("power", 1)));
        await Eventually.Until(() => twin.GetAsync(), t => t?.Counters.Ignored == 1, "the suspended twin ignoring the delivery");
        await twin.ChangeLifecycleAsync(TwinLifecycle.Active);
        var taken = fixture.Publish(Telemetry(id, at.AddSeconds(1), Number("power", 2)));
        await Eventually.Until(() => twin.GetAsync(), t => t?.Counters.Accepted == 1, "the active twin applying the next delivery");

        Assert.Equal([taken.Sequence], fixture.Log.SequencesOf(id));
    }

    [Fact]
    public async Task ADeliveryThatActivatesADecommissionedTwinIsReportedToTheDevice()
    {
        var id = DeviceIds.New();
        var twin = fixture.Twin(id);
        await twin.CreateAsync(new TwinDefinition("meter", [], []));
        await twin.ChangeLifecycleAsync(TwinLifecycle.Active);
        await twin.ChangeLifecycleAsync(TwinLifecycle.Decommissioned);
        // Inactive, as a twin is after an idle spell or a silo restart: the delivery activates it, and the activation
        // replays the delivery's entry from the log before the delivery itself arrives.
        await fixture.Cluster.DeactivateAsync(twin);
        var rejected = fixture.Metrics.Rejected;

        fixture.Publish(Telemetry(id, DateTimeOffset.UtcNow, Number("power", 1)));

        await Eventually.Until(() => twin.GetAsync(), t => t?.Counters.Rejected == 1, "the decommissioned twin refusing the delivery");
        var error = await Eventually.UntilRecorded(() => fixture.Channel.ErrorsFor(id), e => e.Count > 0, "the device told why");
        Assert.Equal("TWIN_DECOMMISSIONED", Assert.Single(error).Code);
        Assert.Equal(rejected + 1, fixture.Metrics.Rejected);
        Assert.Empty(fixture.Log.SequencesOf(id));
    }
}
