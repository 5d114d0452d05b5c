using DigitalTwin.Behaviour.Features;
using DigitalTwin.Grains.Interfaces.Network;
using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.Interfaces.Values;
using DigitalTwin.Grains.Tests.Infrastructure;
using DigitalTwin.Wire.Payloads;
using static DigitalTwin.Grains.Tests.Infrastructure.Messages;
using static DigitalTwin.Grains.Tests.Network.NetworkWindows;

namespace DigitalTwin.Grains.Tests.Twins;

/// <summary>
/// A twin tells its device about a clock running ahead and about stale messages on <c>device/{id}/error</c>, at most
/// once a minute per code; the errors go out before the message's call completes, so tests need not wait for them.
/// </summary>
[Collection(TwinClusterCollection.Name)]
public sealed class TwinGrainClockSkewTests(DiscoveringClusterFixture fixture)
{
    [Fact]
    public async Task ClockSkewedMessagesAreAppliedAndReportedOnce()
    {
        var id = DeviceIds.New();
        var now = DateTimeOffset.UtcNow;

        await fixture.SendAsync(Ahead(now, Telemetry(id, now.AddSeconds(200), Number("temperature", 99))));
        await fixture.SendAsync(Ahead(now, Telemetry(id, now.AddSeconds(201), Number("temperature", 98))));
        await fixture.SendAsync(Telemetry(id, now.AddSeconds(1), Number("temperature", 21)));

        var twin = await fixture.Twin(id).GetAsync();
        Assert.Equal(new ReportedField(FieldValue.FromNumber(21), now.AddSeconds(1)), twin!.Reported["temperature"]);
        Assert.Equal(new TwinCounters(3, 0, 0, 0, 2), twin.Counters);
        var error = Assert.Single(fixture.Channel.ErrorsFor(id));
        Assert.Equal(PayloadErrorCodes.ClockSkew, error.Code);
        Assert.Equal($"device/{id}/telemetry", error.Topic);
        Assert.Contains("Twins:FutureTimestampTolerance", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StaleMessagesAreReportedOnceAndCounted()
    {
        var id = DeviceIds.New();
        var now = DateTimeOffset.UtcNow;
        await fixture.SendAsync(Telemetry(id, now, Number("temperature", 25)));

        await fixture.SendAsync(State(id, now.AddSeconds(-10), Number("temperature", 20)));
        await fixture.SendAsync(State(id, now.AddSeconds(-5), Number("temperature", 22)));

        var twin = await fixture.Twin(id).GetAsync();
        Assert.Equal(new TwinCounters(1, 2, 0, 0, 0), twin!.Counters);
        var error = Assert.Single(fixture.Channel.ErrorsFor(id));
        Assert.Equal(PayloadErrorCodes.StaleMessage, error.Code);
        Assert.Equal($"device/{id}/state", error.Topic);
    }

    [Fact]
    public async Task NetworkWindowAheadIsRefusedOnceReportedAndLaterWindowsAreTaken()
    {
        var id = DeviceIds.New();
        var network = fixture.Client.GetGrain<ITwinNetworkGrain>(id);
        var now = DateTimeOffset.UtcNow;
        await network.ReceiveNetworkWindowAsync(Window(now.AddSeconds(-30), 1), now);

        await network.ReceiveNetworkWindowAsync(Window(now.AddSeconds(290), 2), now);
        await network.ReceiveNetworkWindowAsync(Window(now.AddSeconds(300), 3), now);
        await network.ReceiveNetworkWindowAsync(Window(now.AddSeconds(-20), 4), now);

        var view = await network.GetNetworkAsync(new NetworkWindowQuery(null, null, 10));
        Assert.Equal([4d, 1d], view!.Windows.Select(w => w.Values[(int)NetworkFeature.PacketsIn]));
        Assert.Equal((2L, 0L, 0L), (view.WindowsAccepted, view.WindowsOutOfOrder, view.WindowsDuplicate));
        Assert.Equal(2, (await fixture.Twin(id).GetAsync())!.Counters.ClockSkewed);
        var error = Assert.Single(fixture.Channel.ErrorsFor(id));
        Assert.Equal(PayloadErrorCodes.ClockSkew, error.Code);
        Assert.Equal($"device/{id}/network", error.Topic);
    }

    /// <summary>The message as received at <paramref name="receivedAt"/>, ahead of which its device time lies.</summary>
    private static DeviceMessage Ahead(DateTimeOffset receivedAt, DeviceMessage message) => message with { ReceivedAt = receivedAt };
}
