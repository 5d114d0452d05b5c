namespace DigitalTwin.Api.System;

/// <summary>
/// What the broker of the silo that answered exchanged with the other silos' brokers: platform messages sent to them
/// and received from them, messages lost on the way, and device sessions ended here because their device connected
/// to another silo.
/// </summary>
internal sealed record ClusterBrokerCounts(long Relayed, long Received, long RelayDropped, long SessionsMoved);
