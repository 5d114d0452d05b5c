using System.Threading.Channels;
using DigitalTwin.Grains.Interfaces.Events;

namespace DigitalTwin.Grains.Events;

/// <summary>
/// The bounded queue between the hub and one consumer. Writing never waits: when the consumer falls behind,
/// the oldest event makes room and is counted, and the reader gets one gap notice with the count before the
/// next event it reads.
/// </summary>
public sealed class FeedBuffer
{
    private readonly Channel<TwinEvent> _events;
    private readonly Action? _onDropped;
    private TwinEvent? _held;
    private bool _heldGapTold;
    private long _dropped;

    /// <param name="capacity">Events held for the consumer before the oldest is dropped.</param>
    /// <param name="onDropped">Called for every dropped event (for metrics).</param>
    public FeedBuffer(int capacity, Action? onDropped = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _onDropped = onDropped;
        _events = Channel.CreateBounded<TwinEvent>(
            new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => Dropped());
    }

    /// <summary>Events dropped since the consumer was told last.</summary>
    public long PendingGap => Interlocked.Read(ref _dropped);

    /// <summary>Queues an event, dropping the oldest when full; false only after <see cref="Complete"/>.</summary>
    public bool Write(TwinEvent twinEvent) => _events.Writer.TryWrite(twinEvent);

    /// <summary>No more events will be written; the reader ends once it has read what is left.</summary>
    public void Complete() => _events.Writer.TryComplete();

    /// <summary>The next gap notice or event; waits when there is none.</summary>
    public async ValueTask<FeedItem> ReadAsync(CancellationToken cancellationToken)
    {
        _held ??= await _events.Reader.ReadAsync(cancellationToken);
        return TakeHeld();
    }

    /// <summary>Reads without waiting; false when nothing is there.</summary>
    public bool TryRead(out FeedItem item)
    {
        if (_held is null && !_events.Reader.TryRead(out _held))
        {
            item = default;
            return false;
        }

        item = TakeHeld();
        return true;
    }

    private FeedItem TakeHeld()
    {
        // Whatever was dropped before the event just taken was older than it: the gap comes first. Once that
        // is told, the held event comes next whatever is dropped meanwhile: those drops are newer than it and
        // are told before the event after it. Telling them first would let a flood starve the reader of
        // events, gap after gap.
        if (!_heldGapTold)
        {
            var dropped = Interlocked.Exchange(ref _dropped, 0);
            if (dropped > 0)
            {
                _heldGapTold = true;
                return new FeedItem(null, dropped);
            }
        }

        var next = _held;
        _held = null;
        _heldGapTold = false;
        return new FeedItem(next, 0);
    }

    private void Dropped()
    {
        Interlocked.Increment(ref _dropped);
        _onDropped?.Invoke();
    }
}
