using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace DigitalTwin.Grains.Diagnostics;

/// <summary>
/// Counts of device messages on this silo: received by the bridge, accepted by twins, rejected (by reason),
/// stale and ignored. Published as the <c>DigitalTwin.Ingest</c> meter and sampled for rates.
/// </summary>
public sealed class IngestMetrics : IDisposable
{
    public const string MeterName = "DigitalTwin.Ingest";

    private readonly ConcurrentDictionary<string, long> _rejectedByReason = new(StringComparer.Ordinal);
    private readonly Meter _meter;
    private long _received;
    private long _accepted;
    private long _rejected;
    private long _stale;
    private long _ignored;
    private long _droppedForSubscribers;
    private long _redelivered;

    public IngestMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        _meter.CreateObservableCounter("dtn.messages.received", () => Received, unit: "{message}", description: "Device messages received by the MQTT bridge");
        _meter.CreateObservableCounter("dtn.messages.accepted", () => Accepted, unit: "{message}", description: "Device messages applied by twins");
        _meter.CreateObservableCounter("dtn.messages.rejected", () => Rejected, unit: "{message}", description: "Device messages refused (invalid, unknown device, decommissioned twin)");
        _meter.CreateObservableCounter("dtn.messages.stale", () => Stale, unit: "{message}", description: "Device messages older than the twin's state");
        _meter.CreateObservableCounter("dtn.messages.ignored", () => Ignored, unit: "{message}", description: "Device messages to suspended twins");
        _meter.CreateObservableCounter("dtn.messages.redelivered", () => Redelivered, unit: "{message}", description: "Queued device messages delivered again to a twin that already held them, and skipped");
        _meter.CreateObservableCounter("dtn.broker.subscriber_drops", () => DroppedForSubscribers, unit: "{message}", description: "Messages the broker dropped from slow subscribers' queues");
    }

    public long Received => Interlocked.Read(ref _received);

    public long Accepted => Interlocked.Read(ref _accepted);

    public long Rejected => Interlocked.Read(ref _rejected);

    public long Stale => Interlocked.Read(ref _stale);

    public long Ignored => Interlocked.Read(ref _ignored);

    /// <summary>Messages the broker dropped because a subscriber's queue was full (it keeps the newest).</summary>
    public long DroppedForSubscribers => Interlocked.Read(ref _droppedForSubscribers);

    /// <summary>Queued messages a twin had already applied (replayed from the log, or delivered twice): skipped.</summary>
    public long Redelivered => Interlocked.Read(ref _redelivered);

    public IReadOnlyDictionary<string, long> RejectedByReason => new SortedDictionary<string, long>(_rejectedByReason, StringComparer.Ordinal);

    public void MessageReceived() => Interlocked.Increment(ref _received);

    public void MessageAccepted() => Interlocked.Increment(ref _accepted);

    public void MessageStale() => Interlocked.Increment(ref _stale);

    public void MessageIgnored() => Interlocked.Increment(ref _ignored);

    public void MessageRedelivered() => Interlocked.Increment(ref _redelivered);

    /// <summary>Returns the new total, so the caller can decide when to log.</summary>
    public long MessageDroppedForSubscriber() => Interlocked.Increment(ref _droppedForSubscribers);

    public void MessageRejected(string reason)
    {
        Interlocked.Increment(ref _rejected);
        _rejectedByReason.AddOrUpdate(reason, 1, static (_, count) => count + 1);
    }

    public void Dispose() => _meter.Dispose();
}
