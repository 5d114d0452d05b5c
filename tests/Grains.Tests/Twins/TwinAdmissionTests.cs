using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.Twins;

namespace DigitalTwin.Grains.Tests.Twins;

/// <summary>Which lifecycles take which calls, and in which order a missing twin, a precondition and the lifecycle refuse.</summary>
public sealed class TwinAdmissionTests
{
    [Theory]
    [InlineData(TwinAccess.DeviceTraffic)]
    [InlineData(TwinAccess.ContentWrite)]
    [InlineData(TwinAccess.Command)]
    [InlineData(TwinAccess.Management)]
    public void AMissingTwinTakesNothing(TwinAccess access) =>
        Assert.Equal(TwinRefusal.NotFound, TwinAdmission.Check(new TwinState(), access));

    [Fact]
    public void ADeletedTwinIsMissing()
    {
        var tombstone = new TwinState { Version = 7, LogSequence = 3 };

        Assert.Equal(TwinRefusal.NotFound, TwinAdmission.Check(tombstone, TwinAccess.Management));
    }

    [Theory]
    [InlineData(TwinLifecycle.Pending, TwinAccess.DeviceTraffic, TwinRefusal.None)]
    [InlineData(TwinLifecycle.Active, TwinAccess.DeviceTraffic, TwinRefusal.None)]
    [InlineData(TwinLifecycle.Suspended, TwinAccess.DeviceTraffic, TwinRefusal.Suspended)]
    [InlineData(TwinLifecycle.Decommissioned, TwinAccess.DeviceTraffic, TwinRefusal.Decommissioned)]
    [InlineData(TwinLifecycle.Pending, TwinAccess.Command, TwinRefusal.None)]
    [InlineData(TwinLifecycle.Active, TwinAccess.Command, TwinRefusal.None)]
    [InlineData(TwinLifecycle.Suspended, TwinAccess.Command, TwinRefusal.Suspended)]
    [InlineData(TwinLifecycle.Decommissioned, TwinAccess.Command, TwinRefusal.Decommissioned)]
    [InlineData(TwinLifecycle.Pending, TwinAccess.ContentWrite, TwinRefusal.None)]
    [InlineData(TwinLifecycle.Active, TwinAccess.ContentWrite, TwinRefusal.None)]
    [InlineData(TwinLifecycle.Suspended, TwinAccess.ContentWrite, TwinRefusal.None)]
    [InlineData(TwinLifecycle.Decommissioned, TwinAccess.ContentWrite, TwinRefusal.Decommissioned)]
    [InlineData(TwinLifecycle.Pending, TwinAccess.Management, TwinRefusal.None)]
    [InlineData(TwinLifecycle.Active, TwinAccess.Management, TwinRefusal.None)]
    [InlineData(TwinLifecycle.Suspended, TwinAccess.Management, TwinRefusal.None)]
    [InlineData(TwinLifecycle.Decommissioned, TwinAccess.Management, TwinRefusal.None)]
    public void EachLifecycleTakesItsKindsOfCall(TwinLifecycle lifecycle, TwinAccess access, TwinRefusal expected) =>
        Assert.Equal(expected, TwinAdmission.Check(Existing(lifecycle), access));

    [Fact]
    public void AFailedPreconditionIsReportedBeforeTheLifecycle()
    {
        var stale = new TwinPrecondition { IfMatch = [1] };

        Assert.Equal(TwinRefusal.PreconditionFailed, TwinAdmission.Check(Existing(TwinLifecycle.Decommissioned), TwinAccess.ContentWrite, stale));
    }

    [Fact]
    public void AMissingTwinIsReportedBeforeAPrecondition()
    {
        var stale = new TwinPrecondition { IfMatch = [1] };

        Assert.Equal(TwinRefusal.NotFound, TwinAdmission.Check(new TwinState(), TwinAccess.ContentWrite, stale));
    }

    [Fact]
    public void AHoldingPreconditionLetsTheCallThrough()
    {
        var current = new TwinPrecondition { IfMatch = [4] };

        Assert.Equal(TwinRefusal.None, TwinAdmission.Check(Existing(TwinLifecycle.Active), TwinAccess.ContentWrite, current));
    }

    [Theory]
    [InlineData(TwinRefusal.None, TwinWriteStatus.Applied)]
    [InlineData(TwinRefusal.NotFound, TwinWriteStatus.NotFound)]
    [InlineData(TwinRefusal.PreconditionFailed, TwinWriteStatus.PreconditionFailed)]
    [InlineData(TwinRefusal.Decommissioned, TwinWriteStatus.Decommissioned)]
    public void ARefusalBecomesTheWriteStatusOfTheApi(TwinRefusal refusal, TwinWriteStatus expected) =>
        Assert.Equal(expected, TwinAdmission.ToWriteStatus(refusal));

    private static TwinState Existing(TwinLifecycle lifecycle) => new() { Exists = true, Lifecycle = lifecycle, Version = 4 };
}
