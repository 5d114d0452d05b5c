using System.Collections.Concurrent;

namespace DigitalTwin.DeviceSimulator.Fleet;

/// <summary>What the fleet has done so far, updated by every device without locks and read by the progress line.</summary>
public sealed class FleetCounters
{
    private readonly ConcurrentDictionary<string, long> _errors = new();
    private long _connected;
    private long _published;
    private long _telemetry;
    private long _network;
    private long _commands;
    private long _acksSucceeded;
    private long _acksFailed;
    private long _desiredApplied;
    private long _reconnects;
    private long _errorCount;
    private long _saidOffline;

    public long Connected => Interlocked.Read(ref _connected);

    /// <summary>Messages the broker acknowledged (QoS 1), of every topic.</summary>
    public long Published => Interlocked.Read(ref _published);

    public long Telemetry => Interlocked.Read(ref _telemetry);

    public long Network => Interlocked.Read(ref _network);

    public long Commands => Interlocked.Read(ref _commands);

    public long AcksSucceeded => Interlocked.Read(ref _acksSucceeded);

    public long AcksFailed => Interlocked.Read(ref _acksFailed);

    public long DesiredApplied => Interlocked.Read(ref _desiredApplied);

    public long Reconnects => Interlocked.Read(ref _reconnects);

    public long Errors => Interlocked.Read(ref _errorCount);

    /// <summary>Devices that published <c>offline</c> when the fleet stopped.</summary>
    public long SaidOffline => Interlocked.Read(ref _saidOffline);

    /// <summary>Error counts by kind (<c>connect failed: SocketException</c>, <c>publish refused: ...</c>).</summary>
    public IReadOnlyDictionary<string, long> ErrorsByKind => _errors;

    public void DeviceConnected() => Interlocked.Increment(ref _connected);

    public void DeviceDisconnected() => Interlocked.Decrement(ref _connected);

    public void MessagePublished() => Interlocked.Increment(ref _published);

    public void TelemetrySent() => Interlocked.Increment(ref _telemetry);

    public void NetworkWindowSent() => Interlocked.Increment(ref _network);

    public void CommandReceived() => Interlocked.Increment(ref _commands);

    public void AckSent(bool succeeded) => Interlocked.Increment(ref succeeded ? ref _acksSucceeded : ref _acksFailed);

    public void DesiredFieldsApplied(int count) => Interlocked.Add(ref _desiredApplied, count);

    public void Reconnected() => Interlocked.Increment(ref _reconnects);

    public void DeviceSaidOffline() => Interlocked.Increment(ref _saidOffline);

    public void Error(string kind)
    {
        Interlocked.Increment(ref _errorCount);
        _errors.AddOrUpdate(kind, 1, (_, n) => n + 1);
    }
}
