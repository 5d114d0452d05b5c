namespace DigitalTwin.Grains.Interfaces.Network;

/// <summary>
/// The network-behaviour side of a device's twin (the same grain as <c>ITwinGrain</c>, keyed by device id).
/// The MQTT bridge hands it validated windows; the API reads them back with the running statistics.
/// </summary>
public interface ITwinNetworkGrain : IGrainWithStringKey
{
    /// <summary>
    /// Applies a validated window under the rules of device traffic (auto-discovery, lifecycle). A window that
    /// does not start after the twin's latest one is refused (earlier) or ignored (same start, a re-send), counted
    /// and reported on <c>device/{id}/error</c>. Completes when the window is applied and, with PostgreSQL,
    /// durable: only then may the device be acknowledged.
    /// </summary>
    Task ReceiveNetworkWindowAsync(NetworkWindowRecord window, DateTimeOffset receivedAt);

    /// <summary>Recent windows in the query's range with the running statistics; null when no twin exists.</summary>
    Task<NetworkBehaviourView?> GetNetworkAsync(NetworkWindowQuery query);
}
