using System.Diagnostics.Metrics;

namespace DigitalTwin.Grains.Diagnostics;

/// <summary>
/// What this silo's broker exchanged with the brokers of the other silos: messages sent to them and received from
/// them, messages not delivered, and sessions ended here because their device connected to another silo. Published as
/// the <c>DigitalTwin.Cluster</c> meter.
/// </summary>
public sealed class BrokerRelayMetrics : IDisposable
{
    public const string MeterName = "DigitalTwin.Cluster";

    private readonly Meter _meter;
    private long _sent;
    private long _received;
    private long _dropped;
    private long _sessionsEnded;

    public BrokerRelayMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        _meter.CreateObservableCounter("dtn.cluster.broker_relayed", () => SentCount, unit: "{message}", description: "Platform messages sent to the brokers of other silos");
        _meter.CreateObservableCounter("dtn.cluster.broker_received", () => ReceivedCount, unit: "{message}", description: "Platform messages other silos published into this silo's broker");
        _meter.CreateObservableCounter("dtn.cluster.broker_relay_drops", () => DroppedCount, unit: "{message}", description: "Platform messages not delivered to another silo (queue full or a silo unreachable)");
        _meter.CreateObservableCounter("dtn.cluster.sessions_moved", () => SessionsEnded, unit: "{session}", description: "Device sessions ended here because the device connected to another silo");
    }

    public long SentCount => Interlocked.Read(ref _sent);

    public long ReceivedCount => Interlocked.Read(ref _received);

    public long DroppedCount => Interlocked.Read(ref _dropped);

    public long SessionsEnded => Interlocked.Read(ref _sessionsEnded);

    public void Sent(int count) => Interlocked.Add(ref _sent, count);

    public void Received(int count) => Interlocked.Add(ref _received, count);

    public void Dropped(int count) => Interlocked.Add(ref _dropped, count);

    public void SessionEnded() => Interlocked.Increment(ref _sessionsEnded);

    public void Dispose() => _meter.Dispose();
}
