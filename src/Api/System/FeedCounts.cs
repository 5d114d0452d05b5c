namespace DigitalTwin.Api.System;

/// <summary>
/// The live feeds of the silo that answered: connected consumers, events dropped from slow consumers' buffers
/// (each announced to its consumer as a gap), events relayed to other silos and events lost on the way.
/// </summary>
internal sealed record FeedCounts(long Consumers, long DroppedForSlowConsumers, long Relayed, long RelayDropped);
