using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.Interfaces.Values;
using DigitalTwin.Grains.Twins;
using static DigitalTwin.Grains.Tests.Infrastructure.Messages;

namespace DigitalTwin.Grains.Tests.Twins;

/// <summary>What a twin does with device traffic and API writes in each lifecycle state.</summary>
public sealed class TwinLifecycleTests
{
    private const string Id = "sensor-1";

    private static readonly DateTimeOffset T0 = new(2024, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly Twin _twin = new(Id, new TwinState(), new TwinRules(100, AutoDiscovery: true, TimeSpan.FromMinutes(5)));

    [Fact]
    public void CreatedTwinIsPending()
    {
        var status = _twin.Create(new TwinDefinition("thermostat", [], []), T0);

        Assert.Equal(TwinWriteStatus.Applied, status);
        Assert.Equal(TwinLifecycle.Pending, _twin.State.Lifecycle);
    }

    [Fact]
    public void PendingTwinBecomesActiveOnItsFirstDeviceMessage()
    {
        _twin.Create(new TwinDefinition("thermostat", [], []), T0);
        var version = _twin.State.Version;

        var outcome = _twin.Apply(Status(Id, T0.AddSeconds(1), PresenceStatus.Online));

        Assert.Equal(DeviceMessageResult.Applied, outcome.Result);
        Assert.Equal(TwinLifecycle.Active, _twin.State.Lifecycle);
        Assert.True(outcome.ChangedTwin);
        Assert.Equal(version + 1, _twin.State.Version);
    }

    [Fact]
    public void SuspendedTwinIgnoresDeviceTrafficButKeepsItsData()
    {
        _twin.Apply(Telemetry(Id, T0, Number("temperature", 20)));
        Assert.Equal(TwinWriteStatus.Applied, _twin.ChangeLifecycle(TwinLifecycle.Suspended, T0.AddSeconds(1)));
        var version = _twin.State.Version;

        var outcome = _twin.Apply(Telemetry(Id, T0.AddSeconds(2), Number("temperature", 30)));

        Assert.Equal(DeviceMessageResult.Ignored, outcome.Result);
        Assert.False(outcome.ChangedTwin);
        Assert.Equal(new ReportedField(FieldValue.FromNumber(20), T0), _twin.State.Reported["temperature"]);
        Assert.Single(_twin.State.Telemetry);
        Assert.Equal(version, _twin.State.Version);
        Assert.Equal(new TwinCounters(1, 0, 1, 0, 0), _twin.ToSnapshot(T0).Counters);
    }

    [Fact]
    public void ResumedTwinAppliesDeviceTrafficAgain()
    {
        _twin.Apply(Telemetry(Id, T0, Number("temperature", 20)));
        _twin.ChangeLifecycle(TwinLifecycle.Suspended, T0.AddSeconds(1));
        _twin.Apply(Telemetry(Id, T0.AddSeconds(2), Number("temperature", 30)));

        Assert.Equal(TwinWriteStatus.Applied, _twin.ChangeLifecycle(TwinLifecycle.Active, T0.AddSeconds(3)));
        var outcome = _twin.Apply(Telemetry(Id, T0.AddSeconds(4), Number("temperature", 40)));

        Assert.Equal(DeviceMessageResult.Applied, outcome.Result);
        Assert.Equal(FieldValue.FromNumber(40), _twin.State.Reported["temperature"].Value);
    }

    [Fact]
    public void SuspendedTwinStillTakesApiWrites()
    {
        _twin.Apply(Telemetry(Id, T0, Number("temperature", 20)));
        _twin.ChangeLifecycle(TwinLifecycle.Suspended, T0);

        var status = _twin.UpdateReported([Number("temperature", 5)], T0.AddSeconds(1), out _, out _);

        Assert.Equal(TwinWriteStatus.Applied, status);
        Assert.Equal(FieldValue.FromNumber(5), _twin.State.Reported["temperature"].Value);
    }

    [Fact]
    public void DecommissionedTwinRejectsDeviceTraffic()
    {
        _twin.Apply(Telemetry(Id, T0, Number("temperature", 20)));
        Assert.Equal(TwinWriteStatus.Applied, _twin.ChangeLifecycle(TwinLifecycle.Decommissioned, T0.AddSeconds(1)));
        var version = _twin.State.Version;

        var outcome = _twin.Apply(Telemetry(Id, T0.AddSeconds(2), Number("temperature", 30)));
        var status = _twin.Apply(Status(Id, T0.AddSeconds(3), PresenceStatus.Offline));

        Assert.Equal(DeviceMessageResult.Decommissioned, outcome.Result);
        Assert.Equal(DeviceMessageResult.Decommissioned, status.Result);
        Assert.False(outcome.ChangedTwin);
        Assert.Equal(FieldValue.FromNumber(20), _twin.State.Reported["temperature"].Value);
        Assert.Equal(PresenceStatus.Online, _twin.State.AnnouncedPresence);
        Assert.Equal(version, _twin.State.Version);
        Assert.Equal(new TwinCounters(1, 0, 0, 2, 0), _twin.ToSnapshot(T0).Counters);
    }

    [Fact]
    public void DecommissionedTwinRejectsApiWrites()
    {
        _twin.Create(new TwinDefinition("thermostat", [], []), T0);
        _twin.ChangeLifecycle(TwinLifecycle.Decommissioned, T0);
        var version = _twin.State.Version;

        Assert.Equal(TwinWriteStatus.Decommissioned, _twin.UpdateReported([Number("a", 1)], T0, out var changed, out _));
        Assert.Equal(TwinWriteStatus.Decommissioned, _twin.ReplaceMetadata(new() { ["x"] = FieldValue.FromNumber(1) }, T0));
        Assert.Equal(TwinWriteStatus.Decommissioned, _twin.ReplaceDefinition(new TwinDefinition("camera", [], []), T0));
        Assert.Equal(TwinWriteStatus.Decommissioned, _twin.ChangeLifecycle(TwinLifecycle.Active, T0));
        Assert.Equal(TwinWriteStatus.Decommissioned, _twin.ChangeLifecycle(TwinLifecycle.Suspended, T0));

        Assert.Empty(changed);
        Assert.Equal("thermostat", _twin.State.Type);
        Assert.Empty(_twin.State.Metadata);
        Assert.Empty(_twin.State.Reported);
        Assert.Equal(TwinLifecycle.Decommissioned, _twin.State.Lifecycle);
        Assert.Equal(version, _twin.State.Version);
    }

    [Theory]
    [InlineData(TwinLifecycle.Pending, TwinLifecycle.Suspended)]
    [InlineData(TwinLifecycle.Active, TwinLifecycle.Pending)]
    [InlineData(TwinLifecycle.Suspended, TwinLifecycle.Pending)]
    public void InvalidTransitionChangesNothing(TwinLifecycle from, TwinLifecycle to)
    {
        BringTo(from);
        var version = _twin.State.Version;

        var status = _twin.ChangeLifecycle(to, T0.AddMinutes(1));

        Assert.Equal(TwinWriteStatus.InvalidTransition, status);
        Assert.Equal(from, _twin.State.Lifecycle);
        Assert.Equal(version, _twin.State.Version);
    }

    [Theory]
    [InlineData(TwinLifecycle.Pending)]
    [InlineData(TwinLifecycle.Active)]
    [InlineData(TwinLifecycle.Suspended)]
    [InlineData(TwinLifecycle.Decommissioned)]
    public void TransitionToTheCurrentStateIsAppliedWithoutAChange(TwinLifecycle state)
    {
        BringTo(state);
        var version = _twin.State.Version;
        var lastUpdated = _twin.State.LastUpdated;

        var status = _twin.ChangeLifecycle(state, T0.AddMinutes(1));

        Assert.Equal(TwinWriteStatus.Applied, status);
        Assert.Equal(state, _twin.State.Lifecycle);
        Assert.Equal(version, _twin.State.Version);
        Assert.Equal(lastUpdated, _twin.State.LastUpdated);
    }

    [Fact]
    public void ValidTransitionIncrementsTheVersionAndStampsTheTime()
    {
        BringTo(TwinLifecycle.Active);
        var version = _twin.State.Version;

        _twin.ChangeLifecycle(TwinLifecycle.Suspended, T0.AddMinutes(1));

        Assert.Equal(version + 1, _twin.State.Version);
        Assert.Equal(T0.AddMinutes(1), _twin.State.LastUpdated);
    }

    [Theory]
    [InlineData(TwinLifecycle.Pending, TwinLifecycle.Active, TwinWriteStatus.Applied)]
    [InlineData(TwinLifecycle.Active, TwinLifecycle.Decommissioned, TwinWriteStatus.Applied)]
    [InlineData(TwinLifecycle.Decommissioned, TwinLifecycle.Decommissioned, TwinWriteStatus.Applied)]
    [InlineData(TwinLifecycle.Pending, TwinLifecycle.Suspended, TwinWriteStatus.InvalidTransition)]
    [InlineData(TwinLifecycle.Decommissioned, TwinLifecycle.Active, TwinWriteStatus.Decommissioned)]
    public void CheckingATransitionAnswersWhatTheChangeWouldAndChangesNothing(TwinLifecycle from, TwinLifecycle to, TwinWriteStatus expected)
    {
        BringTo(from);
        var version = _twin.State.Version;

        var checkedStatus = _twin.CheckLifecycleChange(to);

        Assert.Equal(expected, checkedStatus);
        Assert.Equal(from, _twin.State.Lifecycle);
        Assert.Equal(version, _twin.State.Version);
        Assert.Equal(expected, _twin.ChangeLifecycle(to, T0.AddMinutes(1)));
    }

    [Fact]
    public void CheckingATransitionWithAFailedPreconditionOrOfAMissingTwinIsRefused()
    {
        Assert.Equal(TwinWriteStatus.NotFound, _twin.CheckLifecycleChange(TwinLifecycle.Decommissioned));
        BringTo(TwinLifecycle.Active);

        var status = _twin.CheckLifecycleChange(TwinLifecycle.Decommissioned, new TwinPrecondition { IfMatch = [_twin.State.Version + 1] });

        Assert.Equal(TwinWriteStatus.PreconditionFailed, status);
        Assert.Equal(TwinLifecycle.Active, _twin.State.Lifecycle);
    }

    [Fact]
    public void TransitionOfAMissingTwinIsNotFound() =>
        Assert.Equal(TwinWriteStatus.NotFound, _twin.ChangeLifecycle(TwinLifecycle.Active, T0));

    private void BringTo(TwinLifecycle lifecycle)
    {
        _twin.Create(new TwinDefinition("thermostat", [], []), T0);
        switch (lifecycle)
        {
            case TwinLifecycle.Active:
                _twin.ChangeLifecycle(TwinLifecycle.Active, T0);
                break;
            case TwinLifecycle.Suspended:
                _twin.ChangeLifecycle(TwinLifecycle.Active, T0);
                _twin.ChangeLifecycle(TwinLifecycle.Suspended, T0);
                break;
            case TwinLifecycle.Decommissioned:
                _twin.ChangeLifecycle(TwinLifecycle.Decommissioned, T0);
                break;
        }

        Assert.Equal(lifecycle, _twin.State.Lifecycle);
    }
}
