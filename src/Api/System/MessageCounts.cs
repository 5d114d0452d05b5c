namespace DigitalTwin.Api.System;

/// <summary>
/// Device messages received, accepted, rejected (by reason), stale and ignored, queued messages delivered again to a
/// twin that held them already (skipped), and messages the broker dropped from slow subscribers' queues.
/// </summary>
internal sealed record MessageCounts(long Received, long Accepted, long Rejected, long Stale, long Ignored, IReadOnlyDictionary<string, long> RejectedByReason, long Redelivered, long DroppedForSlowSubscribers);
