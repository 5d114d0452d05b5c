using DigitalTwin.Grains.Interfaces.Events;

namespace DigitalTwin.Grains.Events;

/// <summary>
/// One connected client of the live feeds (a WebSocket or an SSE response): its subscriptions and its
/// <see cref="FeedBuffer"/>. The hub offers it every event; it keeps those a subscription matches.
/// </summary>
public sealed class FeedConsumer
{
    private readonly Lock _lock = new();
    private FeedFilter[] _filters = [];

    public FeedConsumer(string name, int bufferSize, Action? onDropped = null)
    {
        Name = name;
        Buffer = new FeedBuffer(bufferSize, onDropped);
    }

    /// <summary>How the consumer appears in logs (its connection id).</summary>
    public string Name { get; }

    public FeedBuffer Buffer { get; }

    public int SubscriptionCount => Volatile.Read(ref _filters).Length;

    /// <summary>Adds a subscription; false when it exists already.</summary>
    public bool Subscribe(FeedFilter filter)
    {
        lock (_lock)
        {
            if (Array.IndexOf(_filters, filter) >= 0)
            {
                return false;
            }

            Volatile.Write(ref _filters, [.. _filters, filter]);
            return true;
        }
    }

    /// <summary>Removes a subscription; false when there was none like it.</summary>
    public bool Unsubscribe(FeedFilter filter)
    {
        lock (_lock)
        {
            if (Array.IndexOf(_filters, filter) < 0)
            {
                return false;
            }

            Volatile.Write(ref _filters, _filters.Where(f => !f.Equals(filter)).ToArray());
            return true;
        }
    }

    /// <summary>Queues the event when a subscription matches it; never waits.</summary>
    public void Offer(TwinEvent twinEvent)
    {
        foreach (var filter in Volatile.Read(ref _filters))
        {
            if (filter.Matches(twinEvent))
            {
                Buffer.Write(twinEvent);
                return;
            }
        }
    }
}
