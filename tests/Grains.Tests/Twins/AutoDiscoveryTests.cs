using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.Interfaces.Values;
using DigitalTwin.Grains.Twins;
using static DigitalTwin.Grains.Tests.Infrastructure.Messages;

namespace DigitalTwin.Grains.Tests.Twins;

/// <summary>The first message of an unknown device creates its twin, unless auto-discovery is off.</summary>
public sealed class AutoDiscoveryTests
{
    private const string Id = "sensor-1";

    private static readonly DateTimeOffset T0 = new(2024, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void FirstMessageCreatesAnActiveAutoDiscoveredTwin()
    {
        var twin = NewTwin(autoDiscovery: true);
        var receivedAt = T0.AddSeconds(2);

        var outcome = twin.Apply(new DeviceMessage(Id, DeviceMessageKind.Telemetry, T0, receivedAt, "thermostat", [Number("temperature", 21)], null));

        Assert.Equal(DeviceMessageResult.Applied, outcome.Result);
        Assert.True(outcome.Created);
        Assert.True(outcome.ChangedTwin);
        var snapshot = twin.ToSnapshot(receivedAt);
        Assert.Equal(Id, snapshot.Id);
        Assert.Equal("thermostat", snapshot.Type);
        Assert.Equal(TwinLifecycle.Active, snapshot.Lifecycle);
        Assert.Equal(PresenceStatus.Online, snapshot.Presence);
        Assert.Equal(FieldValue.FromBoolean(true), snapshot.Metadata[TwinRules.AutoDiscoveredKey]);
        Assert.Single(snapshot.Metadata);
        Assert.Empty(snapshot.Properties);
        Assert.Equal(new ReportedField(FieldValue.FromNumber(21), T0), snapshot.Reported["temperature"]);
        Assert.Equal(receivedAt, snapshot.CreatedAt);
        Assert.Equal(receivedAt, snapshot.LastUpdated);
        Assert.Equal(receivedAt, snapshot.LastSeen);
        Assert.Equal(1, snapshot.Version);
        Assert.Equal(new TwinCounters(1, 0, 0, 0, 0), snapshot.Counters);
    }

    [Fact]
    public void TypeIsUnknownWhenThePayloadNamesNone()
    {
        var twin = NewTwin(autoDiscovery: true);

        twin.Apply(Telemetry(Id, T0, Number("temperature", 21)));

        Assert.Equal(TwinRules.UnknownType, twin.State.Type);
        Assert.Equal("unknown", TwinRules.UnknownType);
    }

    [Fact]
    public void UnknownTypeIsLearnedFromALaterPayload()
    {
        var twin = NewTwin(autoDiscovery: true);
        twin.Apply(Telemetry(Id, T0, Number("temperature", 21)));
        var version = twin.State.Version;

        var outcome = twin.Apply(Telemetry(Id, T0.AddSeconds(1), "thermostat", Number("temperature", 21)));

        Assert.Equal("thermostat", twin.State.Type);
        Assert.True(outcome.ChangedTwin);
        Assert.True(twin.State.Version > version);
    }

    [Fact]
    public void KnownTypeIsNotChangedByAPayload()
    {
        var twin = NewTwin(autoDiscovery: true);
        twin.Apply(Telemetry(Id, T0, "thermostat", Number("temperature", 21)));

        twin.Apply(Telemetry(Id, T0.AddSeconds(1), "camera", Number("temperature", 21)));

        Assert.Equal("thermostat", twin.State.Type);
    }

    [Fact]
    public void StatusMessageAlsoDiscoversATwin()
    {
        var twin = NewTwin(autoDiscovery: true);

        var outcome = twin.Apply(Status(Id, T0, PresenceStatus.Online));

        Assert.True(outcome.Created);
        Assert.True(twin.Exists);
        Assert.Empty(twin.State.Reported);
    }

    [Fact]
    public void WithAutoDiscoveryOffAnUnknownDeviceCreatesNothing()
    {
        var twin = NewTwin(autoDiscovery: false);

        var outcome = twin.Apply(Telemetry(Id, T0, "thermostat", Number("temperature", 21)));

        Assert.Equal(DeviceMessageResult.UnknownDevice, outcome.Result);
        Assert.False(outcome.Created);
        Assert.False(outcome.ChangedTwin);
        Assert.False(twin.Exists);
        Assert.Empty(twin.State.Reported);
        Assert.Equal(0, twin.State.Version);
    }

    [Fact]
    public void WithAutoDiscoveryOffAnApiCreatedTwinTakesDeviceTraffic()
    {
        var twin = NewTwin(autoDiscovery: false);
        twin.Create(new TwinDefinition("thermostat", [], []), T0);

        var outcome = twin.Apply(Telemetry(Id, T0.AddSeconds(1), Number("temperature", 21)));

        Assert.Equal(DeviceMessageResult.Applied, outcome.Result);
        Assert.False(outcome.Created);
        Assert.False(twin.State.Metadata.ContainsKey(TwinRules.AutoDiscoveredKey));
        Assert.Equal(FieldValue.FromNumber(21), twin.State.Reported["temperature"].Value);
    }

    private static Twin NewTwin(bool autoDiscovery) =>
        new(Id, new TwinState(), new TwinRules(100, autoDiscovery, TimeSpan.FromMinutes(5)));
}
