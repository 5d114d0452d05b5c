using System.Diagnostics.Metrics;

namespace DigitalTwin.Grains.Diagnostics;

/// <summary>
/// The live feeds of this silo: connected consumers, events they lost because they read too slowly, and
/// events relayed to other silos or dropped on the way. Published as the <c>DigitalTwin.Feeds</c> meter.
/// </summary>
public sealed class FeedMetrics : IDisposable
{
    public const string MeterName = "DigitalTwin.Feeds";

    private readonly Meter _meter;
    private long _consumers;
    private long _droppedForConsumers;
    private long _relayed;
    private long _relayDropped;

    public FeedMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        _meter.CreateObservableUpDownCounter("dtn.feeds.consumers", () => Consumers, unit: "{consumer}", description: "Connected live-feed consumers (WebSocket and SSE)");
        _meter.CreateObservableCounter("dtn.feeds.consumer_drops", () => DroppedForConsumers, unit: "{event}", description: "Events dropped from slow consumers' buffers (announced to them as gaps)");
        _meter.CreateObservableCounter("dtn.feeds.relayed", () => Relayed, unit: "{event}", description: "Events sent to the hubs of other silos");
        _meter.CreateObservableCounter("dtn.feeds.relay_drops", () => RelayDropped, unit: "{event}", description: "Events not delivered to other silos (queue full or a silo unreachable)");
    }

    public long Consumers => Interlocked.Read(ref _consumers);

    public long DroppedForConsumers => Interlocked.Read(ref _droppedForConsumers);

    public long Relayed => Interlocked.Read(ref _relayed);

    public long RelayDropped => Interlocked.Read(ref _relayDropped);

    public void ConsumerConnected() => Interlocked.Increment(ref _consumers);

    public void ConsumerDisconnected() => Interlocked.Decrement(ref _consumers);

    public void EventDroppedForConsumer() => Interlocked.Increment(ref _droppedForConsumers);

    public void EventsRelayed(int count) => Interlocked.Add(ref _relayed, count);

    public void RelayDroppedEvents(int count) => Interlocked.Add(ref _relayDropped, count);

    public void Dispose() => _meter.Dispose();
}
