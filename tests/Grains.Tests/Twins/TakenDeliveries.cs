using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.Interfaces.Values;
using DigitalTwin.Grains.Tests.Infrastructure;
using static DigitalTwin.Grains.Tests.Infrastructure.Messages;

namespace DigitalTwin.Grains.Tests.Twins;

/// <summary>
/// What a twin promises in both modes of a delivery it took already: handed again (newer readings under the same
/// queue sequences, which applied would change it), it changes nothing and counts as redelivered.
/// </summary>
internal static class TakenDeliveries
{
    /// <summary>Runs the promise on a new twin (type "meter", power 1 then 2); returns its id and first reading's time.</summary>
    public static async Task<(string Id, DateTimeOffset At)> ChangeNothingAsync(ScriptedQueueClusterFixture fixture)
    {
        var id = DeviceIds.New();
        var at = DateTimeOffset.UtcNow;
        await fixture.ActivateAsync(id);
        var first = fixture.Publish(Telemetry(id, at, "meter", Number("power", 1)));
        var second = fixture.Publish(Telemetry(id, at.AddSeconds(1), Number("power", 2)));
        var applied = await Eventually.Until(() => fixture.Twin(id).GetAsync(), t => t?.Counters.Accepted == 2, "both deliveries applied");
        var redelivered = fixture.Metrics.Redelivered;

        await fixture.RedeliverAsync(
            first with { Message = Telemetry(id, at.AddSeconds(5), Number("power", 10)) },
            second with { Message = Telemetry(id, at.AddSeconds(6), Number("power", 20)) });

        await Eventually.UntilRecorded(() => fixture.Metrics.Redelivered, n => n >= redelivered + 2, "both redeliveries skipped");
        var after = await fixture.Twin(id).GetAsync();
        Assert.Equal(applied!, after!, new SnapshotComparer());
        Assert.Equal(FieldValue.FromNumber(2), after!.Reported["power"].Value);
        Assert.Equal(new TwinCounters(2, 0, 0, 0, 0), after.Counters);
        Assert.Equal(redelivered + 2, fixture.Metrics.Redelivered);
        return (id, at);
    }
}
