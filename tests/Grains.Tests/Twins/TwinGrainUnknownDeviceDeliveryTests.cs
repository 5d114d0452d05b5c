using DigitalTwin.Grains.Tests.Infrastructure;
using DigitalTwin.Wire.Payloads;
using static DigitalTwin.Grains.Tests.Infrastructure.Messages;

namespace DigitalTwin.Grains.Tests.Twins;

/// <summary>
/// With auto-discovery off, the message of an unknown device is refused once, though its delivery activates the twin
/// and the activation's replay meets it first.
/// </summary>
[Collection(NonDiscoveringScriptedQueueClusterCollection.Name)]
public sealed class TwinGrainUnknownDeviceDeliveryTests(NonDiscoveringScriptedQueueClusterFixture fixture)
{
    [Fact]
    public async Task AnUnknownDevicesMessageIsRefusedAndReportedOnce()
    {
        var id = DeviceIds.New();
        var rejected = fixture.Metrics.Rejected;
        var redelivered = fixture.Metrics.Redelivered;

        fixture.Publish(Telemetry(id, DateTimeOffset.UtcNow, "meter", Number("power", 1)));

        // The replay refuses it; its live delivery must then be skipped, not refused again by a second activation.
        await Eventually.UntilRecorded(() => fixture.Metrics.Redelivered, n => n > redelivered, "the live delivery skipped");
        var error = Assert.Single(fixture.Channel.ErrorsFor(id));
        Assert.Equal(PayloadErrorCodes.TwinNotFound, error.Code);
        Assert.Equal(rejected + 1, fixture.Metrics.Rejected);
        Assert.Empty(fixture.Log.SequencesOf(id));
    }
}
