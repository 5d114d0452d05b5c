using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.Interfaces.Values;
using DigitalTwin.Grains.Tests.Infrastructure;
using static DigitalTwin.Grains.Tests.Infrastructure.Messages;

namespace DigitalTwin.Grains.Tests.Twins;

/// <summary>Conditional writes through the grain: the version check and the write happen in one turn.</summary>
[Collection(TwinClusterCollection.Name)]
public sealed class TwinGrainPreconditionTests(DiscoveringClusterFixture fixture)
{
    private static readonly TwinDefinition Thermostat = new("thermostat", [], []);

    [Fact]
    public async Task AStaleIfMatchIsRefusedWithTheCurrentVersionAndChangesNothing()
    {
        var id = DeviceIds.New();
        var twin = fixture.Twin(id);
        await twin.CreateAsync(Thermostat);
        await twin.UpdateReportedStateAsync([Number("temperature", 20)]);
        var updates = fixture.Channel.UpdatesFor(id).Count;

        var result = await twin.UpdateReportedStateAsync([Number("temperature", 30)], new TwinPrecondition { IfMatch = [1] });

        Assert.Equal(TwinWriteStatus.PreconditionFailed, result.Status);
        Assert.False(result.Succeeded);
        Assert.Contains("version 2", result.Reason);
        Assert.Equal(2, result.Twin!.Version);
        var after = (await twin.GetAsync())!;
        Assert.Equal(2, after.Version);
        Assert.Equal(FieldValue.FromNumber(20), after.Reported["temperature"].Value);
        Assert.Equal(updates, fixture.Channel.UpdatesFor(id).Count);
    }

    [Fact]
    public async Task TheMatchingIfMatchWritesAndMovesTheVersion()
    {
        var id = DeviceIds.New();
        var twin = fixture.Twin(id);
        var created = await twin.CreateAsync(Thermostat);

        var result = await twin.ReplaceMetadataAsync(new() { ["floor"] = FieldValue.FromNumber(2) }, new TwinPrecondition { IfMatch = [created.Twin!.Version] });

        Assert.Equal(TwinWriteStatus.Applied, result.Status);
        Assert.Equal(created.Twin.Version + 1, result.Twin!.Version);
    }

    [Fact]
    public async Task OfConcurrentWritersWithTheSameIfMatchExactlyOneSucceeds()
    {
        var id = DeviceIds.New();
        var twin = fixture.Twin(id);
        var version = (await twin.CreateAsync(Thermostat)).Twin!.Version;
        var precondition = new TwinPrecondition { IfMatch = [version] };

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            fixture.Twin(id).UpdateReportedStateAsync([Number("writer", i)], precondition)));

        var winner = Assert.Single(results, r => r.Succeeded);
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal(TwinWriteStatus.PreconditionFailed, r.Status));
        var after = (await twin.GetAsync())!;
        Assert.Equal(version + 1, after.Version);
        Assert.Equal(winner.Twin!.Reported["writer"].Value, after.Reported["writer"].Value);
    }

    [Fact]
    public async Task CreateWithIfNoneMatchAnyFailsWhenTheTwinExists()
    {
        var id = DeviceIds.New();
        await fixture.Twin(id).CreateAsync(Thermostat);

        var result = await fixture.Twin(id).CreateAsync(new TwinDefinition("camera", [], []), new TwinPrecondition { IfNoneMatchAny = true });

        Assert.Equal(TwinWriteStatus.PreconditionFailed, result.Status);
        Assert.Contains("already exists", result.Reason);
        Assert.Equal("thermostat", (await fixture.Twin(id).GetAsync())!.Type);
    }

    [Fact]
    public async Task DeleteWithAStaleIfMatchKeepsTheTwin()
    {
        var id = DeviceIds.New();
        await fixture.Twin(id).CreateAsync(Thermostat);
        await fixture.Twin(id).ChangeLifecycleAsync(TwinLifecycle.Active);

        var refused = await fixture.Twin(id).DeleteAsync(new TwinPrecondition { IfMatch = [1] });
        var deleted = await fixture.Twin(id).DeleteAsync(new TwinPrecondition { IfMatch = [2] });

        Assert.Equal(TwinWriteStatus.PreconditionFailed, refused.Status);
        Assert.Equal(TwinWriteStatus.Applied, deleted.Status);
        Assert.Null(await fixture.Twin(id).GetAsync());
    }

    [Fact]
    public async Task ALifecycleChangeWithAStaleIfMatchIsRefused()
    {
        var id = DeviceIds.New();
        await fixture.Twin(id).CreateAsync(Thermostat);
        await fixture.Twin(id).ReplaceMetadataAsync([]);

        var result = await fixture.Twin(id).ChangeLifecycleAsync(TwinLifecycle.Active, new TwinPrecondition { IfMatch = [1] });

        Assert.Equal(TwinWriteStatus.PreconditionFailed, result.Status);
        Assert.Equal(TwinLifecycle.Pending, (await fixture.Twin(id).GetAsync())!.Lifecycle);
    }
}
