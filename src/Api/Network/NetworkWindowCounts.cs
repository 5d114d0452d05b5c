namespace DigitalTwin.Api.Network;

/// <summary>
/// Windows the twin accepted, refused for coming out of order, ignored as re-sends of its latest one, and refused for
/// coming from the other source (a probe's for a twin that takes the device's own windows, or the other way round).
/// </summary>
public sealed record NetworkWindowCounts(long Accepted, long OutOfOrder, long Duplicate, long SourceConflicts);
