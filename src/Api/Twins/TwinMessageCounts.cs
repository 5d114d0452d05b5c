namespace DigitalTwin.Api.Twins;

/// <summary>What happened to a twin's device messages: applied, older than its state, ignored while suspended, refused.</summary>
public sealed record TwinMessageCounts(long Accepted, long Stale, long Ignored, long Rejected);
