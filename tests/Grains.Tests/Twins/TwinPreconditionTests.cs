using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.Interfaces.Values;
using DigitalTwin.Grains.Twins;
using static DigitalTwin.Grains.Tests.Infrastructure.Messages;

namespace DigitalTwin.Grains.Tests.Twins;

/// <summary>Every API write of a twin with a version precondition: applied only when it holds, else nothing changes.</summary>
public sealed class TwinPreconditionTests
{
    private static readonly DateTimeOffset T0 = new(2024, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly TwinDefinition Thermostat = new("thermostat", [], []);

    private readonly Twin _twin = new("sensor-1", new TwinState(), new TwinRules(100, AutoDiscovery: true, TimeSpan.FromMinutes(5)));

    private static TwinPrecondition IfMatch(params long[] versions) => new() { IfMatch = versions };

    private static TwinPrecondition IfNoneMatch(params long[] versions) => new() { IfNoneMatch = versions };

    [Fact]
    public void AWriteAtTheMatchingVersionIsApplied()
    {
        _twin.Create(Thermostat, T0);

        var status = _twin.UpdateReported([Number("temperature", 20)], T0, out var changed, out _, IfMatch(1));

        Assert.Equal(TwinWriteStatus.Applied, status);
        Assert.Single(changed);
        Assert.Equal(2, _twin.State.Version);
    }

    [Fact]
    public void EveryWriteAtAStaleVersionFailsAndChangesNothing()
    {
        _twin.Create(Thermostat, T0);
        _twin.UpdateReported([Number("temperature", 20)], T0, out _, out _);
        var stale = IfMatch(1);

        Assert.Equal(TwinWriteStatus.PreconditionFailed, _twin.UpdateReported([Number("temperature", 30)], T0.AddSeconds(1), out var changed, out _, stale));
        Assert.Empty(changed);
        Assert.Equal(TwinWriteStatus.PreconditionFailed, _twin.ReplaceMetadata(new() { ["floor"] = FieldValue.FromNumber(2) }, T0.AddSeconds(1), stale));
        Assert.Equal(TwinWriteStatus.PreconditionFailed, _twin.ReplaceDefinition(new TwinDefinition("camera", [], []), T0.AddSeconds(1), stale));
        Assert.Equal(TwinWriteStatus.PreconditionFailed, _twin.ChangeLifecycle(TwinLifecycle.Active, T0.AddSeconds(1), stale));
        Assert.Equal(TwinWriteStatus.PreconditionFailed, _twin.CheckDeletable(stale));

        Assert.Equal(2, _twin.State.Version);
        Assert.Equal(FieldValue.FromNumber(20), _twin.State.Reported["temperature"].Value);
        Assert.Empty(_twin.State.Metadata);
        Assert.Equal("thermostat", _twin.State.Type);
        Assert.Equal(TwinLifecycle.Pending, _twin.State.Lifecycle);
        Assert.Equal(T0, _twin.State.LastUpdated);
    }

    [Fact]
    public void AListOfVersionsMatchesAnyOfThem()
    {
        _twin.Create(Thermostat, T0);
        _twin.ChangeLifecycle(TwinLifecycle.Active, T0);

        Assert.Equal(TwinWriteStatus.Applied, _twin.ReplaceMetadata([], T0, IfMatch(1, 2, 9)));
    }

    [Fact]
    public void IfMatchAnyWritesAnExistingTwin()
    {
        _twin.Create(Thermostat, T0);

        Assert.Equal(TwinWriteStatus.Applied, _twin.ReplaceMetadata([], T0, new TwinPrecondition { IfMatchAny = true }));
    }

    [Fact]
    public void AMissingTwinIsNotFoundWhateverThePrecondition()
    {
        Assert.Equal(TwinWriteStatus.NotFound, _twin.UpdateReported([Number("temperature", 20)], T0, out _, out _, IfMatch(0)));
        Assert.Equal(TwinWriteStatus.NotFound, _twin.ReplaceMetadata([], T0, new TwinPrecondition { IfMatchAny = true }));
        Assert.Equal(TwinWriteStatus.NotFound, _twin.ChangeLifecycle(TwinLifecycle.Active, T0, IfMatch(0)));
        Assert.Equal(TwinWriteStatus.NotFound, _twin.CheckDeletable(IfMatch(0)));
        Assert.False(_twin.Exists);
    }

    [Fact]
    public void AFailedPreconditionComesBeforeTheDecommissionedRule()
    {
        _twin.Create(Thermostat, T0);
        _twin.ChangeLifecycle(TwinLifecycle.Decommissioned, T0);

        Assert.Equal(TwinWriteStatus.PreconditionFailed, _twin.ReplaceMetadata([], T0, IfMatch(1)));
        Assert.Equal(TwinWriteStatus.Decommissioned, _twin.ReplaceMetadata([], T0, IfMatch(2)));
    }

    [Fact]
    public void IfNoneMatchAtTheCurrentVersionFailsAWrite()
    {
        _twin.Create(Thermostat, T0);

        Assert.Equal(TwinWriteStatus.PreconditionFailed, _twin.ReplaceMetadata([], T0, IfNoneMatch(1)));
        Assert.Equal(TwinWriteStatus.Applied, _twin.ReplaceMetadata([], T0, IfNoneMatch(7)));
    }

    [Fact]
    public void RepeatingTheLifecycleStillChecksThePrecondition()
    {
        _twin.Create(Thermostat, T0);

        Assert.Equal(TwinWriteStatus.PreconditionFailed, _twin.ChangeLifecycle(TwinLifecycle.Pending, T0, IfMatch(5)));
        Assert.Equal(TwinWriteStatus.Applied, _twin.ChangeLifecycle(TwinLifecycle.Pending, T0, IfMatch(1)));
        Assert.Equal(1, _twin.State.Version);
    }

    [Fact]
    public void CreateWithIfNoneMatchAnyFailsOnAnExistingTwin()
    {
        _twin.Create(Thermostat, T0);

        var status = _twin.Create(new TwinDefinition("camera", [], []), T0.AddSeconds(1), new TwinPrecondition { IfNoneMatchAny = true });

        Assert.Equal(TwinWriteStatus.PreconditionFailed, status);
        Assert.Equal("thermostat", _twin.State.Type);
        Assert.Equal(1, _twin.State.Version);
    }

    [Fact]
    public void CreateWithIfNoneMatchAnyCreatesAMissingTwin()
    {
        Assert.Equal(TwinWriteStatus.Applied, _twin.Create(Thermostat, T0, new TwinPrecondition { IfNoneMatchAny = true }));
        Assert.True(_twin.Exists);
    }

    [Fact]
    public void CreateWithIfMatchNeverCreates()
    {
        Assert.Equal(TwinWriteStatus.PreconditionFailed, _twin.Create(Thermostat, T0, new TwinPrecondition { IfMatchAny = true }));
        Assert.Equal(TwinWriteStatus.PreconditionFailed, _twin.Create(Thermostat, T0, IfMatch(0)));
        Assert.False(_twin.Exists);
    }

    [Fact]
    public void CreateOfAnExistingTwinWhosePreconditionHoldsIsStillAlreadyExists()
    {
        _twin.Create(Thermostat, T0);

        Assert.Equal(TwinWriteStatus.AlreadyExists, _twin.Create(Thermostat, T0, IfMatch(1)));
    }

    [Fact]
    public void DeviceTrafficMovesTheVersionSoAnOlderIfMatchFails()
    {
        _twin.Create(Thermostat, T0);
        _twin.Apply(Telemetry("sensor-1", T0.AddSeconds(1), Number("temperature", 21)));

        Assert.Equal(TwinWriteStatus.PreconditionFailed, _twin.ReplaceMetadata([], T0.AddSeconds(2), IfMatch(1)));
        Assert.Equal(TwinWriteStatus.Applied, _twin.ReplaceMetadata([], T0.AddSeconds(2), IfMatch(_twin.State.Version)));
    }
}
