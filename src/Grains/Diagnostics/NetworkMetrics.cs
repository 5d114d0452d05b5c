using System.Diagnostics.Metrics;

namespace DigitalTwin.Grains.Diagnostics;

/// <summary>
/// Counts of network windows on this silo: accepted by twins, refused as out of order, ignored as re-sends, that
/// restarted a twin's statistics with another feature schema version, and written by exports. Published as the <c>DigitalTwin.Network</c> meter. Invalid payloads count with the other
/// device messages in <see cref="IngestMetrics"/>.
/// </summary>
public sealed class NetworkMetrics : IDisposable
{
    public const string MeterName = "DigitalTwin.Network";

    private readonly Meter _meter;
    private long _accepted;
    private long _outOfOrder;
    private long _duplicate;
    private long _schemaChanges;
    private long _exported;

    public NetworkMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        _meter.CreateObservableCounter("dtn.network.windows.accepted", () => Accepted, unit: "{window}", description: "Network windows applied by twins");
        _meter.CreateObservableCounter("dtn.network.windows.out_of_order", () => OutOfOrder, unit: "{window}", description: "Network windows refused for starting before the twin's latest one");
        _meter.CreateObservableCounter("dtn.network.windows.duplicate", () => Duplicate, unit: "{window}", description: "Network windows ignored for repeating the latest one's start");
        _meter.CreateObservableCounter("dtn.network.windows.schema_changes", () => SchemaChanges, unit: "{window}", description: "Network windows of another feature schema version than their twin's statistics, which started again");
        _meter.CreateObservableCounter("dtn.network.windows.exported", () => Exported, unit: "{window}", description: "Network windows written by dataset exports");
    }

    public long Accepted => Interlocked.Read(ref _accepted);

    public long OutOfOrder => Interlocked.Read(ref _outOfOrder);

    public long Duplicate => Interlocked.Read(ref _duplicate);

    public long SchemaChanges => Interlocked.Read(ref _schemaChanges);

    public long Exported => Interlocked.Read(ref _exported);

    public void WindowAccepted() => Interlocked.Increment(ref _accepted);

    public void WindowOutOfOrder() => Interlocked.Increment(ref _outOfOrder);

    public void WindowDuplicate() => Interlocked.Increment(ref _duplicate);

    public void SchemaChanged() => Interlocked.Increment(ref _schemaChanges);

    public void WindowsExported(long count) => Interlocked.Add(ref _exported, count);

    public void Dispose() => _meter.Dispose();
}
