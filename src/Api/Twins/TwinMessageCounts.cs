namespace DigitalTwin.Api.Twins;

/// <summary>
/// What happened to a twin's device messages: applied, older than its state, ignored while suspended, refused, and
/// stamped further ahead of their receive time than the twin tolerates (see docs/mqtt.md, device clocks).
/// </summary>
internal sealed record TwinMessageCounts(long Accepted, long Stale, long Ignored, long Rejected, long ClockSkewed);
