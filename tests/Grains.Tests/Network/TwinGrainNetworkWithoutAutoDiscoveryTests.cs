using DigitalTwin.Grains.Interfaces.Network;
using DigitalTwin.Grains.Tests.Infrastructure;
using DigitalTwin.Wire.Payloads;
using static DigitalTwin.Grains.Tests.Network.NetworkWindows;

namespace DigitalTwin.Grains.Tests.Network;

[Collection(NonDiscoveringClusterCollection.Name)]
public sealed class TwinGrainNetworkWithoutAutoDiscoveryTests(NonDiscoveringClusterFixture fixture)
{
    [Fact]
    public async Task AWindowFromAnUnknownDeviceCreatesNothingAndIsToldTwinNotFound()
    {
        var id = DeviceIds.New();
        var network = fixture.Client.GetGrain<ITwinNetworkGrain>(id);

        await network.ReceiveNetworkWindowAsync(Window(DateTimeOffset.UtcNow.AddMinutes(-1), 1), DateTimeOffset.UtcNow);

        var errors = await Eventually.UntilRecorded(() => fixture.Channel.ErrorsFor(id), e => e.Count > 0, "an error for the device");
        var error = Assert.Single(errors);
        Assert.Equal(PayloadErrorCodes.TwinNotFound, error.Code);
        Assert.Equal($"device/{id}/network", error.Topic);
        Assert.Null(await fixture.Twin(id).GetAsync());
        Assert.Null(await network.GetNetworkAsync(new NetworkWindowQuery(null, null, 10)));
    }
}
