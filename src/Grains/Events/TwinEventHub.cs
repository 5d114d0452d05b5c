using DigitalTwin.Grains.Diagnostics;
using DigitalTwin.Grains.Interfaces.Events;

namespace DigitalTwin.Grains.Events;

/// <summary>
/// The live-feed hub of this silo: events raised here go to this silo's consumers and, through the
/// <see cref="ClusterFeedRelay"/>, to the hubs of the other silos; events from other silos go to this silo's
/// consumers only. Delivery to a consumer is a non-blocking write into its bounded buffer, so neither a slow
/// consumer nor many of them ever hold up the grain that raised the event.
/// </summary>
public sealed class TwinEventHub(FeedMetrics metrics) : ITwinEventSink
{
    private readonly Lock _lock = new();
    private FeedConsumer[] _consumers = [];
    private ClusterFeedRelay? _relay;

    public int ConsumerCount => Volatile.Read(ref _consumers).Length;

    public void Publish(TwinEvent twinEvent)
    {
        DeliverLocally(twinEvent);
        _relay?.Forward(twinEvent);
    }

    /// <summary>Hands an event produced on another silo to this silo's consumers.</summary>
    public void DeliverLocally(TwinEvent twinEvent)
    {
        foreach (var consumer in Volatile.Read(ref _consumers))
        {
            consumer.Offer(twinEvent);
        }
    }

    public void Connect(FeedConsumer consumer)
    {
        bool first;
        lock (_lock)
        {
            first = _consumers.Length == 0;
            Volatile.Write(ref _consumers, [.. _consumers, consumer]);
        }

        metrics.ConsumerConnected();
        if (first)
        {
            _relay?.ConsumersChanged();
        }
    }

    public void Disconnect(FeedConsumer consumer)
    {
        bool last;
        lock (_lock)
        {
            if (Array.IndexOf(_consumers, consumer) < 0)
            {
                return;
            }

            Volatile.Write(ref _consumers, _consumers.Where(c => c != consumer).ToArray());
            last = _consumers.Length == 0;
        }

        consumer.Buffer.Complete();
        metrics.ConsumerDisconnected();
        if (last)
        {
            _relay?.ConsumersChanged();
        }
    }

    /// <summary>Set by the relay when it starts: without it (a single silo, or tests) events stay on this silo.</summary>
    internal void Attach(ClusterFeedRelay relay) => _relay = relay;
}
