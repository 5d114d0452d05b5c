using DigitalTwin.Behaviour.Features;
using DigitalTwin.Grains.Interfaces.Network;
using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.Tests.Infrastructure;
using DigitalTwin.Wire.Payloads;
using static DigitalTwin.Grains.Tests.Network.NetworkWindows;

namespace DigitalTwin.Grains.Tests.Network;

[Collection(TwinClusterCollection.Name)]
public sealed class TwinGrainNetworkTests(DiscoveringClusterFixture fixture)
{
    private static readonly NetworkWindowQuery All = new(null, null, 1000);

    private ITwinNetworkGrain Network(string id) => fixture.Client.GetGrain<ITwinNetworkGrain>(id);

    [Fact]
    public async Task AWindowFromAnUnknownDeviceDiscoversItsTwin()
    {
        var id = DeviceIds.New();
        var start = DateTimeOffset.UtcNow.AddMinutes(-1);

        await Network(id).ReceiveNetworkWindowAsync(Window(start, 12), DateTimeOffset.UtcNow);

        var twin = await fixture.Twin(id).GetAsync();
        Assert.NotNull(twin);
        Assert.Equal(TwinLifecycle.Active, twin.Lifecycle);
        var view = await Network(id).GetNetworkAsync(All);
        Assert.Equal(12, Assert.Single(view!.Windows).Values[(int)NetworkFeature.PacketsIn]);
        Assert.Equal(1, view.WindowsAccepted);
    }

    [Fact]
    public async Task OutOfOrderAndRepeatedWindowsChangeNothingAndAreReported()
    {
        var id = DeviceIds.New();
        var start = DateTimeOffset.UtcNow.AddMinutes(-5);
        await Network(id).ReceiveNetworkWindowAsync(Window(start.AddSeconds(10), 1), DateTimeOffset.UtcNow);

        await Network(id).ReceiveNetworkWindowAsync(Window(start, 50), DateTimeOffset.UtcNow);
        await Network(id).ReceiveNetworkWindowAsync(Window(start.AddSeconds(10), 60), DateTimeOffset.UtcNow);

        var view = await Network(id).GetNetworkAsync(All);
        Assert.Equal(1, Assert.Single(view!.Windows).Values[(int)NetworkFeature.PacketsIn]);
        Assert.Equal((1L, 1L, 1L), (view.WindowsAccepted, view.WindowsOutOfOrder, view.WindowsDuplicate));
        Assert.Equal(1, view.Statistics.Means[(int)NetworkFeature.PacketsIn]);
        var errors = await Eventually.UntilRecorded(() => fixture.Channel.ErrorsFor(id), e => e.Count >= 2, "two errors for the device");
        Assert.Equal([PayloadErrorCodes.WindowOutOfOrder, PayloadErrorCodes.DuplicateWindow], errors.Select(e => e.Code));
        Assert.All(errors, e => Assert.Equal($"device/{id}/network", e.Topic));
    }

    [Fact]
    public async Task ASuspendedTwinIgnoresWindows()
    {
        var id = DeviceIds.New();
        await fixture.Twin(id).CreateAsync(new TwinDefinition("sensor", [], []));
        await fixture.Twin(id).ChangeLifecycleAsync(TwinLifecycle.Active);
        await fixture.Twin(id).ChangeLifecycleAsync(TwinLifecycle.Suspended);

        await Network(id).ReceiveNetworkWindowAsync(Window(DateTimeOffset.UtcNow.AddMinutes(-1), 3), DateTimeOffset.UtcNow);

        var view = await Network(id).GetNetworkAsync(All);
        Assert.Empty(view!.Windows);
        Assert.Equal(0, view.WindowsAccepted);
    }

    [Fact]
    public async Task ADecommissionedTwinRefusesWindows()
    {
        var id = DeviceIds.New();
        await fixture.Twin(id).CreateAsync(new TwinDefinition("sensor", [], []));
        await fixture.Twin(id).ChangeLifecycleAsync(TwinLifecycle.Decommissioned);

        await Network(id).ReceiveNetworkWindowAsync(Window(DateTimeOffset.UtcNow.AddMinutes(-1), 3), DateTimeOffset.UtcNow);

        var error = await Eventually.UntilRecorded(() => fixture.Channel.ErrorsFor(id), e => e.Count > 0, "an error for the device");
        Assert.Equal(PayloadErrorCodes.TwinDecommissioned, Assert.Single(error).Code);
        Assert.Empty((await Network(id).GetNetworkAsync(All))!.Windows);
    }

    [Fact]
    public async Task WindowsAndStatisticsSurviveDeactivation()
    {
        var id = DeviceIds.New();
        var start = DateTimeOffset.UtcNow.AddMinutes(-5);
        for (var i = 0; i < 3; i++)
        {
            await Network(id).ReceiveNetworkWindowAsync(Window(start.AddSeconds(10 * i), 2 * i), DateTimeOffset.UtcNow);
        }

        await fixture.Cluster.DeactivateAsync(fixture.Twin(id));

        var view = await Network(id).GetNetworkAsync(All);
        Assert.Equal(3, view!.Windows.Length);
        Assert.Equal(2, view.Statistics.Means[(int)NetworkFeature.PacketsIn]);
        Assert.Equal(start.AddSeconds(20), view.LatestWindowStart);
    }

    [Fact]
    public async Task AWindowOfAnotherSchemaVersionRestartsTheStatisticsWithoutAnError()
    {
        var id = DeviceIds.New();
        var start = DateTimeOffset.UtcNow.AddMinutes(-5);
        await Network(id).ReceiveNetworkWindowAsync(Window(start, 100, schemaVersion: 1), DateTimeOffset.UtcNow);
        await Network(id).ReceiveNetworkWindowAsync(Window(start.AddSeconds(10), 300, schemaVersion: 1), DateTimeOffset.UtcNow);

        await Network(id).ReceiveNetworkWindowAsync(Window(start.AddSeconds(20), 5, schemaVersion: 2), DateTimeOffset.UtcNow);

        var view = await Network(id).GetNetworkAsync(All);
        Assert.Equal((2, 1L), (view!.Statistics.SchemaVersion, view.Statistics.Windows));
        Assert.Equal(5, view.Statistics.Means[(int)NetworkFeature.PacketsIn]);
        Assert.Equal((3L, 1L), (view.WindowsAccepted, view.SchemaChanges));
        Assert.Equal([2, 1, 1], view.Windows.Select(w => w.SchemaVersion));
        Assert.Empty(fixture.Channel.ErrorsFor(id));
    }

    [Fact]
    public async Task SchemaVersionsSurviveDeactivation()
    {
        var id = DeviceIds.New();
        var start = DateTimeOffset.UtcNow.AddMinutes(-5);
        await Network(id).ReceiveNetworkWindowAsync(Window(start, 1, schemaVersion: 1), DateTimeOffset.UtcNow);
        await Network(id).ReceiveNetworkWindowAsync(Window(start.AddSeconds(10), 2, schemaVersion: 2), DateTimeOffset.UtcNow);

        await fixture.Cluster.DeactivateAsync(fixture.Twin(id));

        var view = await Network(id).GetNetworkAsync(All);
        Assert.Equal([2, 1], view!.Windows.Select(w => w.SchemaVersion));
        Assert.Equal((2, 1L, 1L), (view.Statistics.SchemaVersion, view.Statistics.Windows, view.SchemaChanges));
    }

    [Fact]
    public async Task AThirtyTwoValueWindowOfTheOldCodeAndThenASchemaThreeWindowBothSurviveDeactivation()
    {
        var id = DeviceIds.New();
        var start = DateTimeOffset.UtcNow.AddMinutes(-5);
        var old = new double[32];
        Array.Fill(old, double.NaN);
        old[(int)NetworkFeature.PacketsIn] = 7;
        await Network(id).ReceiveNetworkWindowAsync(new NetworkWindowRecord(start, 10, old, 2), DateTimeOffset.UtcNow);
        var current = Window(start.AddSeconds(10), 3, schemaVersion: 3);
        current.Values[(int)NetworkFeature.NewDestinations] = 2;
        await Network(id).ReceiveNetworkWindowAsync(current, DateTimeOffset.UtcNow);

        await fixture.Cluster.DeactivateAsync(fixture.Twin(id));

        var view = await Network(id).GetNetworkAsync(All);
        Assert.Equal([3, 2], view!.Windows.Select(w => w.SchemaVersion));
        Assert.All(view.Windows, w => Assert.Equal(FeatureCatalog.Count, w.Values.Length));
        Assert.True(double.IsNaN(view.Windows[1].Values[(int)NetworkFeature.NewDestinations]));
        Assert.Equal(2, view.Windows[0].Values[(int)NetworkFeature.NewDestinations]);
        Assert.Equal((3, 1L, 1L), (view.Statistics.SchemaVersion, view.Statistics.Windows, view.SchemaChanges));
        Assert.Equal(2, view.Statistics.Means[(int)NetworkFeature.NewDestinations]);
        Assert.Empty(fixture.Channel.ErrorsFor(id));
    }

    [Fact]
    public async Task DeletingTheTwinForgetsItsWindows()
    {
        var id = DeviceIds.New();
        var start = DateTimeOffset.UtcNow.AddMinutes(-5);
        await Network(id).ReceiveNetworkWindowAsync(Window(start, 1), DateTimeOffset.UtcNow);

        await fixture.Twin(id).DeleteAsync();
        await Network(id).ReceiveNetworkWindowAsync(Window(start, 2), DateTimeOffset.UtcNow);

        var view = await Network(id).GetNetworkAsync(All);
        Assert.Equal(2, Assert.Single(view!.Windows).Values[(int)NetworkFeature.PacketsIn]);
        Assert.Equal(1, view.WindowsAccepted);
    }

    [Fact]
    public async Task NoTwinNoNetwork() =>
        Assert.Null(await Network(DeviceIds.New()).GetNetworkAsync(All));
}
