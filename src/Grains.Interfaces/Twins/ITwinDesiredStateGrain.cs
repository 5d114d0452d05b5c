using DigitalTwin.Grains.Interfaces.Values;

namespace DigitalTwin.Grains.Interfaces.Twins;

/// <summary>
/// The desired state of a device's twin (the same grain as <c>ITwinGrain</c>, keyed by device id): what the device
/// is asked to take. Every accepted write sends the device the new desired document; the twin's snapshot
/// (<c>ITwinGrain.GetAsync</c>) reads it back with the delta still to be taken. A failed
/// <see cref="TwinPrecondition"/> refuses the write (<see cref="TwinWriteStatus.PreconditionFailed"/>).
/// </summary>
public interface ITwinDesiredStateGrain : IGrainWithStringKey
{
    /// <summary>Replaces the desired fields entirely.</summary>
    Task<TwinWriteResult> ReplaceDesiredAsync(Dictionary<string, FieldValue> desired, TwinPrecondition? precondition = null);

    /// <summary>Applies a JSON Merge Patch to the desired fields; otherwise as <see cref="ReplaceDesiredAsync"/>.</summary>
    Task<TwinWriteResult> PatchDesiredAsync(DesiredPatch patch, TwinPrecondition? precondition = null);
}
