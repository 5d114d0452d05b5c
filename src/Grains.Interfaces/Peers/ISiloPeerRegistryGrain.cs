namespace DigitalTwin.Grains.Interfaces.Peers;

/// <summary>
/// Which silos run a per-silo service of one kind, <typeparamref name="TObserver"/> (a live-feed hub, an MQTT broker),
/// as grain observers the other silos call (key 0, one per cluster and kind). Silos register theirs periodically;
/// an entry not refreshed within the expiry is forgotten, so a crashed silo drops out on its own. State is in
/// memory: when the grain moves, the next round of refreshes rebuilds it.
/// </summary>
public interface ISiloPeerRegistryGrain<TObserver> : IGrainWithIntegerKey
    where TObserver : IGrainObserver
{
    /// <summary>
    /// Registers or refreshes a silo's service (with whether it wants the traffic only interested peers get; an account
    /// of a lower version than the one held changes only its time), and returns the services of the other silos.
    /// </summary>
    Task<SiloPeer<TObserver>[]> RegisterAsync(SiloPeer<TObserver> service);

    /// <summary>Forgets a silo's service (at shutdown).</summary>
    Task UnregisterAsync(SiloAddress silo);
}
