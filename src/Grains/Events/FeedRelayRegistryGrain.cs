using DigitalTwin.Grains.Interfaces.Events;

namespace DigitalTwin.Grains.Events;

/// <summary>
/// The silos' live-feed hubs, in memory. An entry lives for three refresh intervals after its last
/// registration, so a silo that crashed drops out without anyone telling the registry.
/// </summary>
internal sealed class FeedRelayRegistryGrain(TimeProvider clock) : Grain, IFeedRelayRegistryGrain
{
    private static readonly TimeSpan Expiry = ClusterFeedRelay.RefreshInterval * 3;

    private readonly Dictionary<SiloAddress, (ITwinEventObserver Observer, bool HasConsumers, DateTimeOffset Seen)> _hubs = [];

    public Task<FeedRelayPeer[]> RegisterAsync(SiloAddress silo, ITwinEventObserver observer, bool hasConsumers)
    {
        var now = clock.GetUtcNow();
        _hubs[silo] = (observer, hasConsumers, now);
        foreach (var expired in _hubs.Where(h => now - h.Value.Seen > Expiry).Select(h => h.Key).ToList())
        {
            _hubs.Remove(expired);
        }

        return Task.FromResult(_hubs.Where(h => !h.Key.Equals(silo)).Select(h => new FeedRelayPeer(h.Key, h.Value.Observer, h.Value.HasConsumers)).ToArray());
    }

    public Task UnregisterAsync(SiloAddress silo)
    {
        _hubs.Remove(silo);
        return Task.CompletedTask;
    }
}
