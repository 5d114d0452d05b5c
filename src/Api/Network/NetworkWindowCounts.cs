namespace DigitalTwin.Api.Network;

/// <summary>
/// Windows the twin accepted, refused for coming out of order, and ignored as re-sends of its latest one; how often a
/// window of another feature schema version made the statistics start again; and windows refused for coming from the
/// other source (a probe's for a twin that takes the device's own windows, or the other way round).
/// </summary>
internal sealed record NetworkWindowCounts(long Accepted, long OutOfOrder, long Duplicate, long SchemaChanges, long SourceConflicts);
