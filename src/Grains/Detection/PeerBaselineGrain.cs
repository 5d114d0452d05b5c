using DigitalTwin.Detection.Baselines;
using DigitalTwin.Grains.Twins;
using Microsoft.Extensions.Options;

namespace DigitalTwin.Grains.Detection;

/// <summary>
/// Merges the silos' shares of one device type's peer baseline. Shares are persisted with the twins' storage, so
/// after a restart of the whole cluster the type's twins are judged by what their peers were before; a share not
/// renewed for <see cref="ShareLifetime"/> (its silo is gone, or the cluster restarted and the silos send under new
/// names) drops out.
/// </summary>
internal sealed class PeerBaselineGrain(
    [PersistentState("peers", TwinStorage.ProviderName)] IPersistentState<PeerBaselineState> state,
    IOptions<DetectionOptions> options,
    TimeProvider clock) : Grain, IPeerBaselineGrain
{
    public static readonly TimeSpan ShareLifetime = TimeSpan.FromHours(1);

    public async Task<BaselineState?> ExchangeAsync(string silo, BaselineState? share)
    {
        var now = clock.GetUtcNow();
        var shares = state.State.Shares;
        if (share is not null)
        {
            shares[silo] = new PeerShare { Baseline = share, ReceivedAt = now };
        }

        foreach (var expired in shares.Where(s => now - s.Value.ReceivedAt > ShareLifetime).Select(s => s.Key).ToList())
        {
            shares.Remove(expired);
        }

        if (share is not null)
        {
            await state.WriteStateAsync();
        }

        if (shares.Count == 0)
        {
            return null;
        }

        var merged = new BehaviourBaseline(new BaselineState(), new BaselineOptions { WarmUp = options.Value.WarmUp, HalfLife = options.Value.HalfLife });
        foreach (var (_, peer) in shares.OrderByDescending(s => s.Value.Baseline.SchemaVersion))
        {
            merged.Merge(peer.Baseline);
        }

        return merged.State;
    }
}
