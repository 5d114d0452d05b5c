using DigitalTwin.Grains.Interfaces.Twins;

namespace DigitalTwin.Grains.Twins;

/// <summary>
/// The one check of whether a twin takes a call, by its existence, the caller's precondition and its lifecycle, in
/// that order: a missing twin is reported first, then a failed precondition (a stale If-Match is refused before the
/// lifecycle is looked at: the client decided on a twin it no longer sees, whatever happened to it since), then
/// what the lifecycle refuses for the <see cref="TwinAccess"/> asked. Every refusal of the twin grain and
/// <see cref="Twin"/> comes from here; each maps it to its own result.
/// </summary>
internal static class TwinAdmission
{
    public static TwinRefusal Check(TwinState state, TwinAccess access, TwinPrecondition? precondition = null)
    {
        if (!state.Exists)
        {
            return TwinRefusal.NotFound;
        }

        if (!PreconditionRules.Holds(precondition, exists: true, state.Version))
        {
            return TwinRefusal.PreconditionFailed;
        }

        return (access, state.Lifecycle) switch
        {
            (TwinAccess.Management, _) => TwinRefusal.None,
            (_, TwinLifecycle.Decommissioned) => TwinRefusal.Decommissioned,
            (TwinAccess.DeviceTraffic or TwinAccess.Command, TwinLifecycle.Suspended) => TwinRefusal.Suspended,
            _ => TwinRefusal.None,
        };
    }

    /// <summary>The refusal as the result of an API write.</summary>
    public static TwinWriteStatus ToWriteStatus(TwinRefusal refusal) => refusal switch
    {
        TwinRefusal.None => TwinWriteStatus.Applied,
        TwinRefusal.NotFound => TwinWriteStatus.NotFound,
        TwinRefusal.PreconditionFailed => TwinWriteStatus.PreconditionFailed,
        TwinRefusal.Decommissioned => TwinWriteStatus.Decommissioned,
        TwinRefusal.Suspended => TwinWriteStatus.InvalidTransition,
        _ => throw new ArgumentOutOfRangeException(nameof(refusal), refusal, null),
    };
}
