namespace DigitalTwin.Grains.MessageLog;

/// <summary>
/// The durable log of the device messages each twin accepted, numbered per twin. A twin appends a
/// message before the device is acknowledged and, when it activates, replays what its last snapshot
/// does not hold. With PostgreSQL it is also the telemetry history.
/// </summary>
public interface IDeviceMessageLog
{
    /// <summary>False when nothing is kept (in-memory mode): twins then neither append nor replay.</summary>
    bool IsDurable { get; }

    /// <summary>Completes when the entry is durable; waits while the log's queue is full (back-pressure).</summary>
    Task AppendAsync(LoggedDeviceMessage entry, CancellationToken cancellationToken);

    /// <summary>The twin's entries with a sequence above <paramref name="afterSequence"/>, in order.</summary>
    Task<IReadOnlyList<LoggedDeviceMessage>> ReadAfterAsync(string deviceId, long afterSequence, CancellationToken cancellationToken);

    /// <summary>Removes every entry of a deleted twin.</summary>
    Task DeleteAsync(string deviceId, CancellationToken cancellationToken);
}
