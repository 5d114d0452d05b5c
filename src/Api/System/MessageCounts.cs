namespace DigitalTwin.Api.System;

public sealed record MessageCounts(long Received, long Accepted, long Rejected, long Stale, long Ignored, IReadOnlyDictionary<string, long> RejectedByReason);
