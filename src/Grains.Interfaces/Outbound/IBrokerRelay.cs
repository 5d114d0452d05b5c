namespace DigitalTwin.Grains.Interfaces.Outbound;

/// <summary>
/// The embedded MQTT broker of one silo, as the other silos reach it: each silo registers one in the
/// <see cref="Peers.ISiloPeerRegistryGrain{TObserver}"/>, and what the platform publishes on one silo goes through it
/// to the devices and subscribers connected to another.
/// </summary>
public interface IBrokerRelay : IGrainObserver
{
    /// <summary>Publishes the messages into this silo's broker, in order, as the platform; completes when the broker has taken them.</summary>
    Task PublishAsync(BrokerMessage[] messages);

    /// <summary>
    /// The device connected to another silo: closes its connection here, without publishing its last will (it is not
    /// gone, it moved), and deletes its session, so the device has one session in the cluster.
    /// </summary>
    Task EndSessionAsync(string clientId);

    /// <summary>
    /// Tells this broker whether the broker of another silo (<paramref name="broker"/>) has subscribers that take other
    /// devices' or twins' topics: messages every subscriber may want go only to brokers that have some.
    /// </summary>
    Task SubscribersChangedAsync(Peers.SiloPeer<IBrokerRelay> broker);
}
