namespace DigitalTwin.Grains.Interfaces.Events;

/// <summary>
/// Which silos have live-feed hubs (key 0, one per cluster). Silos register their observer periodically;
/// an entry not refreshed within the expiry is forgotten, so a crashed silo drops out on its own. State is
/// in memory: when the grain moves, the next round of refreshes rebuilds it.
/// </summary>
public interface IFeedRelayRegistryGrain : IGrainWithIntegerKey
{
    /// <summary>Registers or refreshes a silo's hub, with whether it has consumers, and returns the hubs of the other silos.</summary>
    Task<FeedRelayPeer[]> RegisterAsync(SiloAddress silo, ITwinEventObserver observer, bool hasConsumers);

    /// <summary>Forgets a silo's hub (at shutdown).</summary>
    Task UnregisterAsync(SiloAddress silo);
}
