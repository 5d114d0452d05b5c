using DigitalTwin.BenchHost;

namespace DigitalTwin.Ingest;

/// <summary>
/// The counts and latencies the report is made of. Throughput counts PUBACKs that arrived inside the window;
/// latencies and the update completeness check follow the messages that were sent inside it.
/// </summary>
public sealed class IngestTally(MeasurementWindow window)
{
    private long _acknowledged;
    private long _acknowledgedInWindow;
    private long _acknowledgedSentInWindow;
    private long _updates;
    private long _updatesSentInWindow;
    private long _unmatchedUpdates;
    private long _updatesWithoutSeq;

    public MeasurementWindow Window { get; } = window;

    /// <summary>Publish to PUBACK, for messages sent inside the window.</summary>
    public LatencyDistribution PubAck { get; } = new();

    /// <summary>Publish to receipt of the <c>twin/{id}/update</c> carrying the message's seq, for messages sent inside the window.</summary>
    public LatencyDistribution TwinUpdate { get; } = new();

    public long Acknowledged => Interlocked.Read(ref _acknowledged);

    public long AcknowledgedInWindow => Interlocked.Read(ref _acknowledgedInWindow);

    /// <summary>Messages sent inside the window that the broker acknowledged: each should produce one twin update.</summary>
    public long AcknowledgedSentInWindow => Interlocked.Read(ref _acknowledgedSentInWindow);

    public long Updates => Interlocked.Read(ref _updates);

    public long UpdatesSentInWindow => Interlocked.Read(ref _updatesSentInWindow);

    /// <summary>Updates whose (twin, seq) was not waiting for one: duplicates, or messages whose publish failed.</summary>
    public long UnmatchedUpdates => Interlocked.Read(ref _unmatchedUpdates);

    /// <summary>Updates that carried no <c>state.seq</c> (not caused by a benchmark message).</summary>
    public long UpdatesWithoutSeq => Interlocked.Read(ref _updatesWithoutSeq);

    public long UpdatesOutstanding => AcknowledgedSentInWindow - UpdatesSentInWindow;

    public void Acknowledge(long sentAt, long acknowledgedAt)
    {
        Interlocked.Increment(ref _acknowledged);
        if (Window.Contains(acknowledgedAt))
        {
            Interlocked.Increment(ref _acknowledgedInWindow);
        }

        if (Window.Contains(sentAt))
        {
            Interlocked.Increment(ref _acknowledgedSentInWindow);
            PubAck.Add(sentAt, acknowledgedAt);
        }
    }

    public void UpdateReceived(long sentAt, long receivedAt)
    {
        Interlocked.Increment(ref _updates);
        if (Window.Contains(sentAt))
        {
            Interlocked.Increment(ref _updatesSentInWindow);
            TwinUpdate.Add(sentAt, receivedAt);
        }
    }

    public void UnmatchedUpdate()
    {
        Interlocked.Increment(ref _updates);
        Interlocked.Increment(ref _unmatchedUpdates);
    }

    public void UpdateWithoutSeq()
    {
        Interlocked.Increment(ref _updates);
        Interlocked.Increment(ref _updatesWithoutSeq);
    }
}
