using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.Interfaces.Values;
using DigitalTwin.Grains.Twins;
using static DigitalTwin.Grains.Tests.Infrastructure.Messages;

namespace DigitalTwin.Grains.Tests.Twins;

/// <summary>Creating and writing a twin through the API.</summary>
public sealed class TwinApiWriteTests
{
    private const string Id = "sensor-1";

    private static readonly DateTimeOffset T0 = new(2024, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly Twin _twin = new(Id, new TwinState(), new TwinRules(100, AutoDiscovery: true, TimeSpan.FromMinutes(5)));

    [Fact]
    public void CreateSetsTheDefinition()
    {
        var status = _twin.Create(Definition("thermostat", location: "hall"), T0);

        Assert.Equal(TwinWriteStatus.Applied, status);
        var snapshot = _twin.ToSnapshot(T0);
        Assert.Equal("thermostat", snapshot.Type);
        Assert.Equal(FieldValue.FromText("hall"), snapshot.Metadata["location"]);
        Assert.Equal(FieldValue.FromNumber(21), snapshot.Properties["setpoint"]);
        Assert.Empty(snapshot.Reported);
        Assert.Equal(T0, snapshot.CreatedAt);
        Assert.Equal(T0, snapshot.LastUpdated);
        Assert.Null(snapshot.LastSeen);
        Assert.Equal(PresenceStatus.Offline, snapshot.Presence);
        Assert.Equal(1, snapshot.Version);
    }

    [Fact]
    public void SecondCreateIsAlreadyExistsAndChangesNothing()
    {
        _twin.Create(Definition("thermostat", location: "hall"), T0);

        var status = _twin.Create(Definition("camera", location: "roof"), T0.AddSeconds(1));

        Assert.Equal(TwinWriteStatus.AlreadyExists, status);
        Assert.Equal("thermostat", _twin.State.Type);
        Assert.Equal(FieldValue.FromText("hall"), _twin.State.Metadata["location"]);
        Assert.Equal(1, _twin.State.Version);
    }

    [Fact]
    public void TwinKeepsItsOwnCopyOfTheDefinition()
    {
        var definition = Definition("thermostat", location: "hall");
        _twin.Create(definition, T0);

        definition.Metadata["location"] = FieldValue.FromText("changed");

        Assert.Equal(FieldValue.FromText("hall"), _twin.State.Metadata["location"]);
    }

    [Fact]
    public void ReplaceDefinitionReplacesTypeMetadataAndPropertiesButKeepsReported()
    {
        _twin.Create(Definition("thermostat", location: "hall"), T0);
        _twin.UpdateReported([Number("temperature", 20)], T0, out _, out _);

        var status = _twin.ReplaceDefinition(new TwinDefinition("camera", new() { ["zone"] = FieldValue.FromNumber(3) }, []), T0.AddSeconds(1));

        Assert.Equal(TwinWriteStatus.Applied, status);
        Assert.Equal("camera", _twin.State.Type);
        Assert.Equal(FieldValue.FromNumber(3), Assert.Single(_twin.State.Metadata).Value);
        Assert.Empty(_twin.State.Properties);
        Assert.Equal(FieldValue.FromNumber(20), _twin.State.Reported["temperature"].Value);
        Assert.Equal(3, _twin.State.Version);
    }

    [Fact]
    public void ReplaceMetadataReplacesAllOfIt()
    {
        _twin.Create(Definition("thermostat", location: "hall"), T0);

        var status = _twin.ReplaceMetadata(new() { ["floor"] = FieldValue.FromNumber(2) }, T0.AddSeconds(1));

        Assert.Equal(TwinWriteStatus.Applied, status);
        Assert.Equal(FieldValue.FromNumber(2), Assert.Single(_twin.State.Metadata).Value);
        Assert.Equal(T0.AddSeconds(1), _twin.State.LastUpdated);
        Assert.Equal(2, _twin.State.Version);
    }

    [Fact]
    public void UpdateReportedMergesAndReportsWhatChanged()
    {
        _twin.Create(Definition("thermostat", location: "hall"), T0);
        _twin.UpdateReported([Number("temperature", 20), Text("mode", "eco")], T0, out _, out _);

        var status = _twin.UpdateReported([Number("temperature", 22)], T0.AddSeconds(1), out var changed, out _);

        Assert.Equal(TwinWriteStatus.Applied, status);
        Assert.Equal([Number("temperature", 22)], changed);
        Assert.Equal(new ReportedField(FieldValue.FromNumber(22), T0.AddSeconds(1)), _twin.State.Reported["temperature"]);
        Assert.Equal(FieldValue.FromText("eco"), _twin.State.Reported["mode"].Value);
    }

    [Fact]
    public void WritesToAMissingTwinAreNotFound()
    {
        Assert.Equal(TwinWriteStatus.NotFound, _twin.ReplaceDefinition(Definition("x", location: "y"), T0));
        Assert.Equal(TwinWriteStatus.NotFound, _twin.ReplaceMetadata([], T0));
        Assert.Equal(TwinWriteStatus.NotFound, _twin.UpdateReported([Number("a", 1)], T0, out var changed, out _));

        Assert.Empty(changed);
        Assert.False(_twin.Exists);
        Assert.Equal(0, _twin.State.Version);
    }

    [Fact]
    public void LastUpdatedNeverMovesBackwards()
    {
        _twin.Create(Definition("thermostat", location: "hall"), T0.AddMinutes(1));

        _twin.ReplaceMetadata([], T0);

        Assert.Equal(T0.AddMinutes(1), _twin.State.LastUpdated);
    }

    [Fact]
    public void DirectoryEntryCarriesWhatListingsFilterOn()
    {
        _twin.Create(Definition("thermostat", location: "hall"), T0);
        _twin.Apply(Telemetry(Id, T0.AddSeconds(1), Number("temperature", 20)));

        var entry = _twin.ToDirectoryEntry();

        Assert.Equal(Id, entry.Id);
        Assert.Equal("thermostat", entry.Type);
        Assert.Equal(TwinLifecycle.Active, entry.Lifecycle);
        Assert.Equal(PresenceStatus.Online, entry.AnnouncedPresence);
        Assert.Equal(T0.AddSeconds(1), entry.LastSeen);
        Assert.Equal(FieldValue.FromNumber(20), entry.State["temperature"]);
        Assert.Equal(FieldValue.FromText("hall"), entry.Metadata["location"]);
        Assert.Equal(_twin.State.Version, entry.Version);
        Assert.False(entry.Deleted);
    }

    [Fact]
    public void TelemetryWindowIsBoundedByTheRules()
    {
        var twin = new Twin(Id, new TwinState(), new TwinRules(3, AutoDiscovery: true, TimeSpan.FromMinutes(5)));

        for (var i = 0; i < 10; i++)
        {
            twin.Apply(Telemetry(Id, T0.AddSeconds(i), Number("n", i)));
        }

        Assert.Equal([7.0, 8.0, 9.0], twin.State.Telemetry.Select(p => p.Values[0].Value.Number));
    }

    private static TwinDefinition Definition(string type, string location) => new(
        type,
        new Dictionary<string, FieldValue> { ["location"] = FieldValue.FromText(location) },
        new Dictionary<string, FieldValue> { ["setpoint"] = FieldValue.FromNumber(21) });
}
