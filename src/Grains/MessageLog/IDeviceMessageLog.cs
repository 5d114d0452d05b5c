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

    /// <summary>The highest sequence the log holds for the device, 0 when it holds none.</summary>
    Task<long> LastSequenceAsync(string deviceId, CancellationToken cancellationToken);

    /// <summary>
    /// Removes a deleted twin's entries up to <paramref name="upToSequence"/>. Bounded, so that it runs after the twin's
    /// tombstone (which records that bound) is written, and an entry logged since is left for the twin to judge.
    /// </summary>
    Task DeleteAsync(string deviceId, long upToSequence, CancellationToken cancellationToken);
}
