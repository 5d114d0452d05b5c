using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.Interfaces.Values;
using DigitalTwin.Wire.Outbound;

namespace DigitalTwin.Grains.Twins;

/// <summary>
/// The twin's desired state; the rules live in <see cref="Twin"/>. A desired write is committed like any API write
/// (stored before it is answered), then the device is sent the whole desired document with the delta it still has
/// to take, retained on its desired topic.
/// </summary>
internal sealed partial class TwinGrain : ITwinDesiredStateGrain
{
    public Task<TwinWriteResult> ReplaceDesiredAsync(Dictionary<string, FieldValue> desired, TwinPrecondition? precondition = null) =>
        CommitDesiredAsync(_twin.ReplaceDesired(desired, clock.GetUtcNow(), precondition), precondition);

    public Task<TwinWriteResult> PatchDesiredAsync(DesiredPatch patch, TwinPrecondition? precondition = null) =>
        CommitDesiredAsync(_twin.PatchDesired(patch, clock.GetUtcNow(), precondition), precondition);

    /// <summary>
    /// Commits a desired write like any API write, then sends the device the new desired document. Too
    /// many fields is answered with its own reason: the reported cap is not the one that was hit.
    /// </summary>
    private async Task<TwinWriteResult> CommitDesiredAsync(TwinWriteStatus status, TwinPrecondition? precondition)
    {
        if (status == TwinWriteStatus.TooManyFields)
        {
            ThrowIfBroken();
            return Result(status, precondition) with
            {
                Reason = $"twin '{Id}' may hold at most {TwinRules.MaxDesiredFields} desired fields; the write would exceed it",
            };
        }

        var result = await CommitAsync(status, [], "api", precondition);
        if (result.Succeeded)
        {
            await PublishDesiredAsync();
        }

        return result;
    }

    private Task PublishDesiredAsync() =>
        SendAsync(channel.PublishDesiredAsync(new DesiredUpdate(
            Id, state.State.DesiredVersion, DesiredValues(), _twin.Delta(), clock.GetUtcNow())));

    private Dictionary<string, FieldValue> DesiredValues()
    {
        var values = new Dictionary<string, FieldValue>(state.State.Desired.Count, StringComparer.Ordinal);
        foreach (var (name, field) in state.State.Desired)
        {
            values[name] = field.Value;
        }

        return values;
    }
}
