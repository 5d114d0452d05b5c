namespace DigitalTwin.Grains.Interfaces.Twins;

/// <summary>
/// Where the device's MQTT session is: the twin keeps the record (the silo whose broker holds the connection whose
/// client id is the device id) and sends what the platform publishes for the device through that silo. Same key as
/// <see cref="ITwinGrain"/>. The MQTT bridge reports connections opening and closing; the cluster's membership
/// reports silos that died.
/// </summary>
public interface ITwinSessionGrain : IGrainWithStringKey
{
    /// <summary>
    /// The device connected to <paramref name="silo"/> (<paramref name="connection"/> names this connection). When it was
    /// last connected to another silo, its session there is ended and the desired document published again.
    /// </summary>
    Task SessionOpenedAsync(SiloAddress silo, Guid connection);

    /// <summary>
    /// The connection subscribed to the device's commands: if the device moved to it from another silo, the commands
    /// sent there and not acknowledged are sent again (the old session, which held them, is gone).
    /// </summary>
    Task SubscribedToCommandsAsync(SiloAddress silo, Guid connection);

    /// <summary>The connection closed; changes nothing when the device has connected again since (another connection).</summary>
    Task SessionClosedAsync(SiloAddress silo, Guid connection);

    /// <summary>
    /// <paramref name="silo"/> died: if the device's session was there, the device is offline (its last will went with
    /// the broker) until it connects again.
    /// </summary>
    Task SessionSiloDiedAsync(SiloAddress silo);

    /// <summary>The silo holding the device's session, or null when none is known (the device is not connected, or was not since the twin activated).</summary>
    Task<SiloAddress?> GetSessionSiloAsync();
}
