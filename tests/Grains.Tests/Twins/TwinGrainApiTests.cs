using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.Interfaces.Values;
using DigitalTwin.Grains.Tests.Infrastructure;
using static DigitalTwin.Grains.Tests.Infrastructure.Messages;

namespace DigitalTwin.Grains.Tests.Twins;

/// <summary>The grain methods the API calls: results with a status, the twin afterwards and a reason.</summary>
[Collection(TwinClusterCollection.Name)]
public sealed class TwinGrainApiTests(DiscoveringClusterFixture fixture)
{
    [Fact]
    public async Task CreateMakesAPendingTwin()
    {
        var id = DeviceIds.New();

        var result = await fixture.Twin(id).CreateAsync(Definition("thermostat", "hall"));

        Assert.Equal(TwinWriteStatus.Applied, result.Status);
        Assert.True(result.Succeeded);
        Assert.Null(result.Reason);
        Assert.NotNull(result.Twin);
        Assert.Equal(TwinLifecycle.Pending, result.Twin.Lifecycle);
        Assert.Equal(PresenceStatus.Offline, result.Twin.Presence);
        Assert.Equal("thermostat", result.Twin.Type);
        Assert.Equal(FieldValue.FromText("hall"), result.Twin.Metadata["location"]);
        Assert.Equal(FieldValue.FromNumber(21), result.Twin.Properties["setpoint"]);
        Assert.Equal(1, result.Twin.Version);
        Assert.Equal(result.Twin, (await fixture.Twin(id).GetAsync())!, new SnapshotComparer());
    }

    [Fact]
    public async Task SecondCreateIsAlreadyExists()
    {
        var id = DeviceIds.New();
        await fixture.Twin(id).CreateAsync(Definition("thermostat", "hall"));

        var result = await fixture.Twin(id).CreateAsync(Definition("camera", "roof"));

        Assert.Equal(TwinWriteStatus.AlreadyExists, result.Status);
        Assert.False(result.Succeeded);
        Assert.Equal($"Twin with ID {id} already exists", result.Reason);
        Assert.Equal("thermostat", result.Twin!.Type);
        Assert.Equal(1, result.Twin.Version);
    }

    [Fact]
    public async Task CreatePublishesAnUpdateFromTheApi()
    {
        var id = DeviceIds.New();

        await fixture.Twin(id).CreateAsync(Definition("thermostat", "hall"));

        var update = Assert.Single(fixture.Channel.UpdatesFor(id));
        Assert.Equal("api", update.Source);
        Assert.Equal(1, update.Version);
        Assert.Equal(TwinLifecycle.Pending, update.Lifecycle);
    }

    [Fact]
    public async Task ReplaceMetadataReplacesIt()
    {
        var id = DeviceIds.New();
        await fixture.Twin(id).CreateAsync(Definition("thermostat", "hall"));

        var result = await fixture.Twin(id).ReplaceMetadataAsync(new() { ["floor"] = FieldValue.FromNumber(3) });

        Assert.Equal(TwinWriteStatus.Applied, result.Status);
        Assert.Equal(FieldValue.FromNumber(3), Assert.Single(result.Twin!.Metadata).Value);
        Assert.Equal(2, result.Twin.Version);
        Assert.Equal(result.Twin.Metadata, (await fixture.Twin(id).GetAsync())!.Metadata);
    }

    [Fact]
    public async Task ReplaceDefinitionReplacesTypeMetadataAndProperties()
    {
        var id = DeviceIds.New();
        await fixture.Twin(id).CreateAsync(Definition("thermostat", "hall"));

        var result = await fixture.Twin(id).ReplaceDefinitionAsync(Definition("camera", "roof"));

        Assert.Equal(TwinWriteStatus.Applied, result.Status);
        Assert.Equal("camera", result.Twin!.Type);
        Assert.Equal(FieldValue.FromText("roof"), result.Twin.Metadata["location"]);
    }

    [Fact]
    public async Task UpdateReportedStateWritesValuesAndPublishesThem()
    {
        var id = DeviceIds.New();
        await fixture.Twin(id).CreateAsync(Definition("thermostat", "hall"));
        var before = DateTimeOffset.UtcNow;

        var result = await fixture.Twin(id).UpdateReportedStateAsync([Number("temperature", 19.5), Boolean("heating", true)]);

        Assert.Equal(TwinWriteStatus.Applied, result.Status);
        var temperature = result.Twin!.Reported["temperature"];
        Assert.Equal(FieldValue.FromNumber(19.5), temperature.Value);
        Assert.InRange(temperature.UpdatedAt, before, DateTimeOffset.UtcNow);
        Assert.Equal(FieldValue.FromBoolean(true), result.Twin.Reported["heating"].Value);
        var update = fixture.Channel.UpdatesFor(id)[^1];
        Assert.Equal("api", update.Source);
        Assert.Equal(2, update.Version);
        Assert.Equal([Number("temperature", 19.5), Boolean("heating", true)], update.Changed);
    }

    [Fact]
    public async Task ChangeLifecycleFollowsTheRules()
    {
        var id = DeviceIds.New();
        var twin = fixture.Twin(id);
        await twin.CreateAsync(Definition("thermostat", "hall"));

        var invalid = await twin.ChangeLifecycleAsync(TwinLifecycle.Suspended);
        var activated = await twin.ChangeLifecycleAsync(TwinLifecycle.Active);
        var again = await twin.ChangeLifecycleAsync(TwinLifecycle.Active);
        var suspended = await twin.ChangeLifecycleAsync(TwinLifecycle.Suspended);
        var decommissioned = await twin.ChangeLifecycleAsync(TwinLifecycle.Decommissioned);
        var revived = await twin.ChangeLifecycleAsync(TwinLifecycle.Active);

        Assert.Equal(TwinWriteStatus.InvalidTransition, invalid.Status);
        Assert.Equal($"Twin with ID {id} is pending", invalid.Reason);
        Assert.Equal(TwinLifecycle.Pending, invalid.Twin!.Lifecycle);
        Assert.Equal((TwinWriteStatus.Applied, TwinLifecycle.Active, 2L), (activated.Status, activated.Twin!.Lifecycle, activated.Twin.Version));
        Assert.Equal((TwinWriteStatus.Applied, TwinLifecycle.Active, 2L), (again.Status, again.Twin!.Lifecycle, again.Twin.Version));
        Assert.Equal((TwinWriteStatus.Applied, TwinLifecycle.Suspended, 3L), (suspended.Status, suspended.Twin!.Lifecycle, suspended.Twin.Version));
        Assert.Equal((TwinWriteStatus.Applied, TwinLifecycle.Decommissioned, 4L), (decommissioned.Status, decommissioned.Twin!.Lifecycle, decommissioned.Twin.Version));
        Assert.Equal(TwinWriteStatus.Decommissioned, revived.Status);
        Assert.Equal(TwinLifecycle.Decommissioned, (await twin.GetAsync())!.Lifecycle);
    }

    [Fact]
    public async Task DecommissionedTwinRejectsApiWrites()
    {
        var id = DeviceIds.New();
        var twin = fixture.Twin(id);
        await twin.CreateAsync(Definition("thermostat", "hall"));
        await twin.ChangeLifecycleAsync(TwinLifecycle.Decommissioned);

        var reported = await twin.UpdateReportedStateAsync([Number("temperature", 1)]);
        var metadata = await twin.ReplaceMetadataAsync([]);

        Assert.Equal(TwinWriteStatus.Decommissioned, reported.Status);
        Assert.Equal(TwinWriteStatus.Decommissioned, metadata.Status);
        Assert.Equal($"Twin with ID {id} is decommissioned and accepts no updates", reported.Reason);
        var snapshot = await twin.GetAsync();
        Assert.Empty(snapshot!.Reported);
        Assert.Equal(FieldValue.FromText("hall"), snapshot.Metadata["location"]);
    }

    [Fact]
    public async Task DeletedTwinIsGone()
    {
        var id = DeviceIds.New();
        var twin = fixture.Twin(id);
        await twin.CreateAsync(Definition("thermostat", "hall"));

        var deleted = await twin.DeleteAsync();

        Assert.Equal(TwinWriteStatus.Applied, deleted.Status);
        Assert.Null(await twin.GetAsync());
        Assert.Null(await twin.GetTelemetryAsync(new TelemetryQuery(null, null, 10)));
        Assert.Equal(TwinWriteStatus.NotFound, (await twin.DeleteAsync()).Status);
    }

    [Fact]
    public async Task DeletedTwinCanBeCreatedAgainFromScratchWhileItsVersionGoesOn()
    {
        var id = DeviceIds.New();
        var twin = fixture.Twin(id);
        await twin.CreateAsync(Definition("thermostat", "hall"));
        await twin.UpdateReportedStateAsync([Number("temperature", 1)]);
        await twin.DeleteAsync();

        var created = await twin.CreateAsync(Definition("camera", "roof"));

        Assert.Equal(TwinWriteStatus.Applied, created.Status);
        Assert.Equal("camera", created.Twin!.Type);
        Assert.Empty(created.Twin.Reported);
        Assert.Equal(TwinLifecycle.Pending, created.Twin.Lifecycle);
        Assert.Equal(new TwinCounters(0, 0, 0, 0, 0), created.Twin.Counters);
        Assert.Equal(4, created.Twin.Version); // 1 created, 2 reported, 3 deleted, 4 created again
    }

    [Fact]
    public async Task WritesToAMissingTwinAreNotFound()
    {
        var id = DeviceIds.New();
        var twin = fixture.Twin(id);

        var metadata = await twin.ReplaceMetadataAsync([]);
        var reported = await twin.UpdateReportedStateAsync([Number("a", 1)]);
        var lifecycle = await twin.ChangeLifecycleAsync(TwinLifecycle.Active);

        Assert.All([metadata, reported, lifecycle], r =>
        {
            Assert.Equal(TwinWriteStatus.NotFound, r.Status);
            Assert.Null(r.Twin);
            Assert.Equal($"Twin with ID {id} not found", r.Reason);
        });
        Assert.Null(await twin.GetAsync());
        Assert.Empty(fixture.Channel.UpdatesFor(id));
    }

    [Fact]
    public async Task TelemetryIsQueriedNewestFirst()
    {
        var id = DeviceIds.New();
        var start = DateTimeOffset.UtcNow.AddMinutes(-1);
        for (var i = 0; i < 5; i++)
        {
            await fixture.SendAsync(Telemetry(id, start.AddSeconds(i), Number("n", i)));
        }

        await Eventually.Until(() => fixture.Twin(id).GetAsync(), t => t?.Counters.Accepted == 5, "five messages");

        var points = await fixture.Twin(id).GetTelemetryAsync(new TelemetryQuery(start.AddSeconds(1), start.AddSeconds(3), 10));
        Assert.Equal([3.0, 2.0, 1.0], points!.Select(p => p.Values[0].Value.Number));
        var latest = await fixture.Twin(id).GetTelemetryAsync(new TelemetryQuery(null, null, 2));
        Assert.Equal([start.AddSeconds(4), start.AddSeconds(3)], latest!.Select(p => p.Timestamp));
    }

    [Fact]
    public async Task PendingTwinBecomesActiveOnItsFirstDeviceMessage()
    {
        var id = DeviceIds.New();
        await fixture.Twin(id).CreateAsync(Definition("thermostat", "hall"));

        await fixture.SendAsync(Telemetry(id, DateTimeOffset.UtcNow, Number("temperature", 20)));

        var twin = await Eventually.Until(() => fixture.Twin(id).GetAsync(), t => t?.Lifecycle == TwinLifecycle.Active, "an active twin");
        Assert.Equal(PresenceStatus.Online, twin!.Presence);
        Assert.False(twin.Metadata.ContainsKey("auto_discovered"));
        Assert.Equal("thermostat", twin.Type);
    }

    private static TwinDefinition Definition(string type, string location) => new(
        type,
        new Dictionary<string, FieldValue> { ["location"] = FieldValue.FromText(location) },
        new Dictionary<string, FieldValue> { ["setpoint"] = FieldValue.FromNumber(21) });
}
