using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.Interfaces.Values;
using DigitalTwin.Grains.Tests.Infrastructure;
using DigitalTwin.Grains.Twins;
using DigitalTwin.Wire.Payloads;
using static DigitalTwin.Grains.Tests.Infrastructure.Messages;

namespace DigitalTwin.Grains.Tests.Twins;

/// <summary>Device messages reach twins over the device stream, in order, as the bridge sends them.</summary>
[Collection(TwinClusterCollection.Name)]
public sealed class TwinGrainDeviceTrafficTests(DiscoveringClusterFixture fixture)
{
    [Fact]
    public async Task TelemetryCreatesAnAutoDiscoveredTwin()
    {
        var id = DeviceIds.New();
        var at = DateTimeOffset.UtcNow;

        await fixture.SendAsync(Telemetry(id, at, "thermostat", Number("temperature", 21.5), Text("mode", "eco")));

        var twin = await WaitForTwin(id, t => t.Reported.Count == 2);
        Assert.Equal(id, twin.Id);
        Assert.Equal("thermostat", twin.Type);
        Assert.Equal(TwinLifecycle.Active, twin.Lifecycle);
        Assert.Equal(PresenceStatus.Online, twin.Presence);
        Assert.Equal(FieldValue.FromBoolean(true), twin.Metadata[TwinRules.AutoDiscoveredKey]);
        Assert.Equal(new ReportedField(FieldValue.FromNumber(21.5), at), twin.Reported["temperature"]);
        Assert.Equal(FieldValue.FromText("eco"), twin.Reported["mode"].Value);
        Assert.Equal(new TwinCounters(1, 0, 0, 0, 0), twin.Counters);
        Assert.Empty(fixture.Channel.ErrorsFor(id));
    }

    [Fact]
    public async Task MessagesOfOneDeviceAreAppliedInOrder()
    {
        var id = DeviceIds.New();
        var start = DateTimeOffset.UtcNow.AddMinutes(-1);
        const int count = 200;

        for (var i = 0; i < count; i++)
        {
            await fixture.SendAsync(Telemetry(id, start.AddMilliseconds(i), Number("sequence", i)));
        }

        var twin = await WaitForTwin(id, t => t.Counters.Accepted + t.Counters.Stale == count);
        Assert.Equal(new TwinCounters(count, 0, 0, 0, 0), twin.Counters);
        Assert.Equal(new ReportedField(FieldValue.FromNumber(count - 1), start.AddMilliseconds(count - 1)), twin.Reported["sequence"]);

        var updates = fixture.Channel.UpdatesFor(id);
        Assert.Equal(Enumerable.Range(0, count).Select(i => (double)i), updates.Select(u => Assert.Single(u.Changed).Value.Number));
    }

    [Fact]
    public async Task OlderTelemetryNeverOverwritesNewerState()
    {
        var id = DeviceIds.New();
        var now = DateTimeOffset.UtcNow;

        await fixture.SendAsync(Telemetry(id, now, Number("temperature", 25)));
        await fixture.SendAsync(Telemetry(id, now.AddSeconds(-10), Number("temperature", 20)));

        var twin = await WaitForTwin(id, t => t.Counters.Stale == 1);
        Assert.Equal(new ReportedField(FieldValue.FromNumber(25), now), twin.Reported["temperature"]);
        Assert.Equal(new TwinCounters(1, 1, 0, 0, 0), twin.Counters);
    }

    [Fact]
    public async Task TwinUpdatesArePublishedWithGrowingVersions()
    {
        var id = DeviceIds.New();
        var now = DateTimeOffset.UtcNow;

        for (var i = 0; i < 3; i++)
        {
            await fixture.SendAsync(Telemetry(id, now.AddSeconds(i), Number("level", i * 10)));
        }

        var updates = await Eventually.UntilRecorded(() => fixture.Channel.UpdatesFor(id), u => u.Count >= 3, "three twin updates");
        Assert.Equal([1L, 2L, 3L], updates.Select(u => u.Version));
        Assert.Equal([0.0, 10.0, 20.0], updates.Select(u => Assert.Single(u.Changed).Value.Number));
        Assert.All(updates, u => Assert.Equal("device", u.Source));
        Assert.All(updates, u => Assert.Equal(TwinLifecycle.Active, u.Lifecycle));
        Assert.All(updates, u => Assert.Equal(PresenceStatus.Online, u.Presence));
        var twin = await fixture.Twin(id).GetAsync();
        Assert.Equal(3, twin!.Version);
    }

    [Fact]
    public async Task StaleMessagePublishesNoUpdate()
    {
        var id = DeviceIds.New();
        var now = DateTimeOffset.UtcNow;

        await fixture.SendAsync(Telemetry(id, now, Number("temperature", 25)));
        await fixture.SendAsync(Telemetry(id, now.AddSeconds(-10), Number("temperature", 20)));
        await fixture.SendAsync(Telemetry(id, now.AddSeconds(1), Number("temperature", 26)));

        await WaitForTwin(id, t => t.Counters.Accepted == 2 && t.Counters.Stale == 1);
        var updates = fixture.Channel.UpdatesFor(id);
        Assert.Equal([25.0, 26.0], updates.Select(u => Assert.Single(u.Changed).Value.Number));
        Assert.Equal([1L, 2L], updates.Select(u => u.Version));
    }

    [Fact]
    public async Task OfflineAnnouncementMakesTheTwinOffline()
    {
        var id = DeviceIds.New();
        var now = DateTimeOffset.UtcNow;
        await fixture.SendAsync(Telemetry(id, now, Number("temperature", 25)));
        await WaitForTwin(id, t => t.Presence == PresenceStatus.Online);

        await fixture.SendAsync(Status(id, now.AddSeconds(1), PresenceStatus.Offline));

        var twin = await WaitForTwin(id, t => t.Presence == PresenceStatus.Offline);
        Assert.Equal(FieldValue.FromNumber(25), twin.Reported["temperature"].Value);
        var update = fixture.Channel.UpdatesFor(id)[^1];
        Assert.Equal(PresenceStatus.Offline, update.Presence);
        Assert.Empty(update.Changed);
    }

    [Fact]
    public async Task DecommissionedTwinRejectsDeviceTrafficAndTellsTheDevice()
    {
        var id = DeviceIds.New();
        var now = DateTimeOffset.UtcNow;
        await fixture.SendAsync(Telemetry(id, now, Number("temperature", 25)));
        await WaitForTwin(id, t => t.Reported.ContainsKey("temperature"));
        Assert.Equal(TwinWriteStatus.Applied, (await fixture.Twin(id).ChangeLifecycleAsync(TwinLifecycle.Decommissioned)).Status);

        await fixture.SendAsync(Telemetry(id, now.AddSeconds(1), Number("temperature", 30)));

        var errors = await Eventually.UntilRecorded(() => fixture.Channel.ErrorsFor(id), e => e.Count > 0, "an error for the device");
        var error = Assert.Single(errors);
        Assert.Equal(PayloadErrorCodes.TwinDecommissioned, error.Code);
        Assert.Equal($"device/{id}/telemetry", error.Topic);
        var twin = await fixture.Twin(id).GetAsync();
        Assert.NotNull(twin);
        Assert.Equal(FieldValue.FromNumber(25), twin.Reported["temperature"].Value);
        Assert.Equal(new TwinCounters(1, 0, 0, 1, 0), twin.Counters);
        Assert.Equal(TwinLifecycle.Decommissioned, twin.Lifecycle);
    }

    [Fact]
    public async Task SuspendedTwinIgnoresDeviceTrafficUntilResumed()
    {
        var id = DeviceIds.New();
        var now = DateTimeOffset.UtcNow;
        await fixture.SendAsync(Telemetry(id, now, Number("temperature", 25)));
        await WaitForTwin(id, t => t.Reported.ContainsKey("temperature"));
        Assert.Equal(TwinWriteStatus.Applied, (await fixture.Twin(id).ChangeLifecycleAsync(TwinLifecycle.Suspended)).Status);

        await fixture.SendAsync(Telemetry(id, now.AddSeconds(1), Number("temperature", 30)));

        var suspended = await WaitForTwin(id, t => t.Counters.Ignored == 1);
        Assert.Equal(FieldValue.FromNumber(25), suspended.Reported["temperature"].Value);
        Assert.Equal(TwinLifecycle.Suspended, suspended.Lifecycle);
        Assert.Empty(fixture.Channel.ErrorsFor(id));

        Assert.Equal(TwinWriteStatus.Applied, (await fixture.Twin(id).ChangeLifecycleAsync(TwinLifecycle.Active)).Status);
        await fixture.SendAsync(Telemetry(id, now.AddSeconds(2), Number("temperature", 35)));

        var resumed = await WaitForTwin(id, t => t.Counters.Accepted == 2);
        Assert.Equal(FieldValue.FromNumber(35), resumed.Reported["temperature"].Value);
        Assert.Equal(new TwinCounters(2, 0, 1, 0, 0), resumed.Counters);
    }

    [Fact]
    public async Task DevicesDoNotSeeEachOthersState()
    {
        var first = DeviceIds.New();
        var second = DeviceIds.New();
        var now = DateTimeOffset.UtcNow;

        await fixture.SendAsync(Telemetry(first, now, Number("a", 1)));
        await fixture.SendAsync(Telemetry(second, now, Number("b", 2)));

        var one = await WaitForTwin(first, t => t.Reported.Count > 0);
        var two = await WaitForTwin(second, t => t.Reported.Count > 0);
        Assert.Equal(["a"], one.Reported.Keys);
        Assert.Equal(["b"], two.Reported.Keys);
    }

    private Task<TwinSnapshot> WaitForTwin(string id, Func<TwinSnapshot, bool> condition) =>
        Eventually.Until(() => fixture.Twin(id).GetAsync(), t => t is not null && condition(t), $"twin {id}")!;
}
