using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.Interfaces.Values;
using DigitalTwin.Grains.Tests.Infrastructure;
using DigitalTwin.Grains.Twins;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using static DigitalTwin.Grains.Tests.Infrastructure.Messages;

namespace DigitalTwin.Grains.Tests.Twins;

/// <summary>A twin's state outlives its activation: written behind for device traffic, at once for API writes.</summary>
[Collection(TwinClusterCollection.Name)]
public sealed class TwinGrainPersistenceTests(DiscoveringClusterFixture fixture)
{
    [Fact]
    public async Task DeviceStateSurvivesDeactivation()
    {
        var id = DeviceIds.New();
        var at = DateTimeOffset.UtcNow;
        await fixture.SendAsync(Telemetry(id, at, "meter", Number("power", 3.5)));
        var before = await Eventually.Until(() => fixture.Twin(id).GetAsync(), t => t is not null, "the twin");

        var after = await ReadAfterDeactivationAsync(id);

        Assert.Equal(before!, after, new SnapshotComparer());
        Assert.Equal(new ReportedField(FieldValue.FromNumber(3.5), at), after.Reported["power"]);
        Assert.Equal("meter", after.Type);
        Assert.Equal(new TwinCounters(1, 0, 0, 0, 0), after.Counters);
    }

    [Fact]
    public async Task DeviceTrafficIsWrittenBehindWhileTheTwinStaysActive()
    {
        var id = DeviceIds.New();
        var at = DateTimeOffset.UtcNow;
        await fixture.SendAsync(Telemetry(id, at, Number("power", 1)));
        await fixture.SendAsync(Telemetry(id, at.AddSeconds(1), Number("power", 2)));

        var stored = await Eventually.Until(() => ReadStoredAsync(id), s => s.Version == 2, "the state written behind");

        Assert.True(IsActive(id));
        Assert.True(stored.Exists);
        Assert.Equal(new ReportedField(FieldValue.FromNumber(2), at.AddSeconds(1)), stored.Reported["power"]);
        Assert.Equal(2, stored.AcceptedMessages);
        Assert.Equal([1.0, 2.0], stored.Telemetry.Select(p => p.Values[0].Value.Number));
    }

    [Fact]
    public async Task ApiWriteIsStoredBeforeItIsAnswered()
    {
        var id = DeviceIds.New();

        await fixture.Twin(id).CreateAsync(new TwinDefinition("valve", [], []));
        var stored = await ReadStoredAsync(id);

        Assert.True(stored.Exists);
        Assert.Equal("valve", stored.Type);
        Assert.Equal(1, stored.Version);
    }

    [Fact]
    public async Task ApiWritesSurviveDeactivation()
    {
        var id = DeviceIds.New();
        var twin = fixture.Twin(id);
        await twin.CreateAsync(new TwinDefinition("valve", new() { ["site"] = FieldValue.FromText("north") }, []));
        await twin.UpdateReportedStateAsync([Text("position", "open")]);
        await twin.ChangeLifecycleAsync(TwinLifecycle.Active);

        var after = await ReadAfterDeactivationAsync(id);

        Assert.Equal("valve", after.Type);
        Assert.Equal(FieldValue.FromText("north"), after.Metadata["site"]);
        Assert.Equal(FieldValue.FromText("open"), after.Reported["position"].Value);
        Assert.Equal(TwinLifecycle.Active, after.Lifecycle);
        Assert.Equal(3, after.Version);
    }

    [Fact]
    public async Task DeletionSurvivesDeactivation()
    {
        var id = DeviceIds.New();
        await fixture.Twin(id).CreateAsync(new TwinDefinition("valve", [], []));
        await fixture.Twin(id).DeleteAsync();

        await fixture.Cluster.DeactivateAsync(fixture.Twin(id));

        Assert.Null(await fixture.Twin(id).GetAsync());
    }

    [Fact]
    public async Task DeviceTrafficReactivatesADeactivatedTwin()
    {
        var id = DeviceIds.New();
        var at = DateTimeOffset.UtcNow;
        await fixture.SendAsync(Telemetry(id, at, Number("power", 1)));
        await Eventually.Until(() => fixture.Twin(id).GetAsync(), t => t is not null, "the twin");
        await fixture.Cluster.DeactivateAsync(fixture.Twin(id));
        Assert.False(IsActive(id));

        await fixture.SendAsync(Telemetry(id, at.AddSeconds(1), Number("power", 2)));

        var twin = await Eventually.Until(() => fixture.Twin(id).GetAsync(), t => t?.Counters.Accepted == 2, "the second message");
        Assert.Equal(FieldValue.FromNumber(2), twin!.Reported["power"].Value);
        Assert.Equal(2, twin.Version);
    }

    private async Task<TwinSnapshot> ReadAfterDeactivationAsync(string id)
    {
        Assert.True(IsActive(id));
        await fixture.Cluster.DeactivateAsync(fixture.Twin(id));
        Assert.False(IsActive(id));

        var snapshot = await fixture.Twin(id).GetAsync();
        Assert.NotNull(snapshot);
        return snapshot;
    }

    /// <summary>What grain storage holds for the twin, read past the grain.</summary>
    private async Task<TwinState> ReadStoredAsync(string id)
    {
        var storage = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(TwinStorage.ProviderName);
        var state = new GrainState<TwinState>(new TwinState());
        await storage.ReadStateAsync(TwinStorage.TwinStateName, fixture.Twin(id).GetGrainId(), state);
        return state.State ?? new TwinState();
    }

    private bool IsActive(string id) => fixture.Cluster.TryGetGrainContext(fixture.Twin(id).GetGrainId(), out _);
}
