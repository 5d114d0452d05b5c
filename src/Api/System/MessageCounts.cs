namespace DigitalTwin.Api.System;

/// <summary>
/// Device messages received, accepted, rejected (by reason), stale and ignored, and messages the broker
/// dropped from slow subscribers' queues.
/// </summary>
internal sealed record MessageCounts(long Received, long Accepted, long Rejected, long Stale, long Ignored, IReadOnlyDictionary<string, long> RejectedByReason, long DroppedForSlowSubscribers);
