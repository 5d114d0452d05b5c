namespace DigitalTwin.Grains.Interfaces.Events;

/// <summary>
/// The live-feed hub of one silo, as other silos reach it: each silo registers one in the
/// <see cref="Peers.ISiloPeerRegistryGrain{TObserver}"/> and sends the events produced on it to the others in batches.
/// </summary>
public interface ITwinEventObserver : IGrainObserver
{
    /// <summary>Hands a batch of events produced on another silo to this silo's consumers.</summary>
    Task DeliverAsync(TwinEvent[] events);

    /// <summary>
    /// Tells this hub whether the hub of another silo (<paramref name="hub"/>) has consumers: silos relay events only to
    /// hubs that have some, so a cluster nobody watches carries no feed traffic between silos.
    /// </summary>
    Task ConsumersChangedAsync(Peers.SiloPeer<ITwinEventObserver> hub);
}
