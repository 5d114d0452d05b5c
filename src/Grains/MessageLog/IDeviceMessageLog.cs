namespace DigitalTwin.Grains.MessageLog;

/// <summary>
/// The durable log of device messages, numbered in one order: the device streams' queues write to it before the
/// device is acknowledged (<see cref="Streams.IDeviceQueueStore"/>), and a twin, when it activates, replays what its
/// last snapshot does not hold. With PostgreSQL it is also the telemetry history.
/// </summary>
public interface IDeviceMessageLog
{
    /// <summary>False when nothing is kept (in-memory mode): twins then neither append nor replay.</summary>
    bool IsDurable { get; }

    /// <summary>The twin's entries with a sequence above <paramref name="afterSequence"/>, in order.</summary>
    Task<IReadOnlyList<LoggedDeviceMessage>> ReadAfterAsync(string deviceId, long afterSequence, CancellationToken cancellationToken);

    /// <summary>Removes one entry its twin refused (unknown device, decommissioned or suspended twin, too many fields).</summary>
    Task ForgetAsync(string deviceId, long sequence, CancellationToken cancellationToken);

    /// <summary>Removes every entry of a deleted twin; returns the highest sequence removed, 0 when there was none.</summary>
    Task<long> DeleteAsync(string deviceId, CancellationToken cancellationToken);
}
