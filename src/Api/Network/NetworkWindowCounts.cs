namespace DigitalTwin.Api.Network;

/// <summary>Windows the twin accepted, refused for coming out of order, and ignored as re-sends of its latest one.</summary>
public sealed record NetworkWindowCounts(long Accepted, long OutOfOrder, long Duplicate);
