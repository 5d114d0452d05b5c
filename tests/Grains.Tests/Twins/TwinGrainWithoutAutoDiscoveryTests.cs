using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.Interfaces.Values;
using DigitalTwin.Grains.Tests.Infrastructure;
using DigitalTwin.Wire.Payloads;
using static DigitalTwin.Grains.Tests.Infrastructure.Messages;

namespace DigitalTwin.Grains.Tests.Twins;

/// <summary>With <c>Twins:AutoDiscovery=false</c> only twins created through the API take device traffic.</summary>
[Collection(NonDiscoveringClusterCollection.Name)]
public sealed class TwinGrainWithoutAutoDiscoveryTests(NonDiscoveringClusterFixture fixture)
{
    [Fact]
    public async Task UnknownDeviceCreatesNothingAndIsToldTwinNotFound()
    {
        var id = DeviceIds.New();

        await fixture.SendAsync(Telemetry(id, DateTimeOffset.UtcNow, "thermostat", Number("temperature", 21)));

        var errors = await Eventually.UntilRecorded(() => fixture.Channel.ErrorsFor(id), e => e.Count > 0, "an error for the device");
        var error = Assert.Single(errors);
        Assert.Equal(PayloadErrorCodes.TwinNotFound, error.Code);
        Assert.Equal($"device/{id}/telemetry", error.Topic);
        Assert.Null(await fixture.Twin(id).GetAsync());
        Assert.Empty(fixture.Channel.UpdatesFor(id));
    }

    [Fact]
    public async Task EveryMessageOfAnUnknownDeviceIsRefused()
    {
        var id = DeviceIds.New();
        var now = DateTimeOffset.UtcNow;

        await fixture.SendAsync(Status(id, now, PresenceStatus.Online));
        await fixture.SendAsync(State(id, now, Text("valve", "open")));

        var errors = await Eventually.UntilRecorded(() => fixture.Channel.ErrorsFor(id), e => e.Count >= 2, "two errors for the device");
        Assert.Equal([$"device/{id}/status", $"device/{id}/state"], errors.Select(e => e.Topic));
        Assert.All(errors, e => Assert.Equal(PayloadErrorCodes.TwinNotFound, e.Code));
        Assert.Null(await fixture.Twin(id).GetAsync());
    }

    [Fact]
    public async Task TwinCreatedThroughTheApiTakesDeviceTraffic()
    {
        var id = DeviceIds.New();
        await fixture.Twin(id).CreateAsync(new TwinDefinition("thermostat", [], []));

        await fixture.SendAsync(Telemetry(id, DateTimeOffset.UtcNow, Number("temperature", 21)));

        var twin = await Eventually.Until(() => fixture.Twin(id).GetAsync(), t => t?.Counters.Accepted == 1, "the applied message");
        Assert.Equal(TwinLifecycle.Active, twin!.Lifecycle);
        Assert.Equal(FieldValue.FromNumber(21), twin.Reported["temperature"].Value);
        Assert.False(twin.Metadata.ContainsKey("auto_discovered"));
        Assert.Empty(fixture.Channel.ErrorsFor(id));
    }
}
