namespace DigitalTwin.Ingest;

/// <summary>
/// The silo's own ingest counters (<c>GET /api/v1/system/metrics</c>); <c>ReadAt</c> is the Stopwatch
/// timestamp when the answer arrived, so rates are computed over the interval between two reads.
/// </summary>
public sealed record IngestCounters(long Received, long Accepted, long Rejected, long Stale, long TwinsRegistered, long TwinsActive, long ReadAt);
