using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.Interfaces.Values;
using DigitalTwin.Grains.Tests.Infrastructure;
using static DigitalTwin.Grains.Tests.Infrastructure.Messages;

namespace DigitalTwin.Grains.Tests.Twins;

/// <summary>
/// In memory mode a twin keeps no log, but a delivery can still come twice: a call that failed or timed out is tried
/// again, with the rest of its batch. The activation remembers the queue's sequence of the last message it took, and a
/// delivery at or below it changes nothing.
/// </summary>
[Collection(InMemoryScriptedQueueClusterCollection.Name)]
public sealed class TwinGrainMemoryDeliveryTests(InMemoryScriptedQueueClusterFixture fixture)
{
    [Fact]
    public async Task ADeliveryTheActivationTookAlreadyChangesNothingAndCountsAsRedelivered()
    {
        var id = DeviceIds.New();
        var at = DateTimeOffset.UtcNow;
        await fixture.ActivateAsync(id);
        var first = fixture.Publish(Telemetry(id, at, "meter", Number("power", 1)));
        var second = fixture.Publish(Telemetry(id, at.AddSeconds(1), Number("power", 2)));
        var applied = await Eventually.Until(() => fixture.Twin(id).GetAsync(), t => t?.Counters.Accepted == 2, "both deliveries applied");
        var redelivered = fixture.Metrics.Redelivered;

        // Newer readings under sequences the twin took: applied, they would change it.
        await fixture.RedeliverAsync(
            first with { Message = Telemetry(id, at.AddSeconds(5), Number("power", 10)) },
            second with { Message = Telemetry(id, at.AddSeconds(6), Number("power", 20)) });

        await Eventually.UntilRecorded(() => fixture.Metrics.Redelivered, n => n >= redelivered + 2, "both redeliveries skipped");
        var after = await fixture.Twin(id).GetAsync();
        Assert.Equal(applied!, after!, new SnapshotComparer());
        Assert.Equal(FieldValue.FromNumber(2), after!.Reported["power"].Value);
        Assert.Equal(new TwinCounters(2, 0, 0, 0, 0), after.Counters);
        Assert.Equal(redelivered + 2, fixture.Metrics.Redelivered);

        // The next number is applied: the twin skips by number, not by what it was sent before.
        fixture.Publish(Telemetry(id, at.AddSeconds(7), Number("power", 3)));
        var next = await Eventually.Until(() => fixture.Twin(id).GetAsync(), t => t?.Counters.Accepted == 3, "the next sequence applied");
        Assert.Equal(FieldValue.FromNumber(3), next!.Reported["power"].Value);
    }
}
