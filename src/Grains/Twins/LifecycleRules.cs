using DigitalTwin.Grains.Interfaces.Twins;

namespace DigitalTwin.Grains.Twins;

/// <summary>
/// The lifecycle of seed §10: pending → active ↔ suspended, and any non-final state → decommissioned,
/// which is final.
/// </summary>
internal static class LifecycleRules
{
    public static bool CanTransition(TwinLifecycle from, TwinLifecycle to) => (from, to) switch
    {
        (TwinLifecycle.Pending, TwinLifecycle.Active) => true,
        (TwinLifecycle.Active, TwinLifecycle.Suspended) => true,
        (TwinLifecycle.Suspended, TwinLifecycle.Active) => true,
        (not TwinLifecycle.Decommissioned, TwinLifecycle.Decommissioned) => true,
        _ => false,
    };
}
