namespace DigitalTwin.Commands;

/// <summary>
/// Stopwatch timestamps of one command the bench sent, written by the API client that sent it and by the
/// device that received it (different threads); zero means "not yet".
/// </summary>
public sealed class CommandTiming(long sentAt)
{
    private long _receivedAt;
    private long _ackPublishedAt;

    /// <summary>Just before the POST left the client.</summary>
    public long SentAt { get; } = sentAt;

    /// <summary>When the device's MQTT client handed the command to the device.</summary>
    public long ReceivedAt => Volatile.Read(ref _receivedAt);

    /// <summary>Just before the device published its ack.</summary>
    public long AckPublishedAt => Volatile.Read(ref _ackPublishedAt);

    /// <summary>False when the command had already arrived (an MQTT re-delivery), so each is counted once.</summary>
    public bool MarkReceived(long at) => Interlocked.CompareExchange(ref _receivedAt, at, 0) == 0;

    public void MarkAckPublished(long at) => Interlocked.CompareExchange(ref _ackPublishedAt, at, 0);
}
