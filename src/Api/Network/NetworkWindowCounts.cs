namespace DigitalTwin.Api.Network;

/// <summary>
/// Windows the twin accepted, refused for coming out of order, and ignored as re-sends of its latest one, and how
/// often a window of another feature schema version made the statistics start again.
/// </summary>
public sealed record NetworkWindowCounts(long Accepted, long OutOfOrder, long Duplicate, long SchemaChanges);
