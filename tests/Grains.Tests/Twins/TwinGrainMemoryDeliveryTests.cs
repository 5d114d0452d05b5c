using DigitalTwin.Grains.Interfaces.Values;
using DigitalTwin.Grains.Tests.Infrastructure;
using static DigitalTwin.Grains.Tests.Infrastructure.Messages;

namespace DigitalTwin.Grains.Tests.Twins;

/// <summary>
/// In memory mode a twin keeps no log, but a delivery can still come twice: a call that failed or timed out is tried
/// again. The activation remembers the queue's sequence of the last message it took, and a delivery at or below it
/// changes nothing.
/// </summary>
[Collection(InMemoryScriptedQueueClusterCollection.Name)]
public sealed class TwinGrainMemoryDeliveryTests(InMemoryScriptedQueueClusterFixture fixture)
{
    [Fact]
    public async Task ADeliveryTheActivationTookAlreadyChangesNothingAndCountsAsRedelivered()
    {
        var (id, at) = await TakenDeliveries.ChangeNothingAsync(fixture);

        // The next number is applied: the twin skips by number, not by what it was sent before.
        fixture.Publish(Telemetry(id, at.AddSeconds(7), Number("power", 3)));
        var next = await Eventually.Until(() => fixture.Twin(id).GetAsync(), t => t?.Counters.Accepted == 3, "the next sequence applied");
        Assert.Equal(FieldValue.FromNumber(3), next!.Reported["power"].Value);
    }
}
