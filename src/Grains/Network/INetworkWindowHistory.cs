namespace DigitalTwin.Grains.Network;

/// <summary>
/// Every network window twins accepted. In memory it is each twin's recent windows; with PostgreSQL an
/// append-only table that twins write before their devices are acknowledged and read back when they activate.
/// </summary>
public interface INetworkWindowHistory
{
    /// <summary>False in memory: twins then neither append nor reload, and keep their windows themselves.</summary>
    bool IsDurable { get; }

    /// <summary>Completes when the window is durable; waits while the writer's queue is full (back-pressure).</summary>
    Task AppendAsync(ObservedNetworkWindow window, CancellationToken cancellationToken);

    /// <summary>The device's latest <paramref name="count"/> windows, oldest first.</summary>
    Task<IReadOnlyList<ObservedNetworkWindow>> ReadLatestAsync(string deviceId, int count, CancellationToken cancellationToken);

    /// <summary>
    /// The windows of the query, streamed: with PostgreSQL in order of start time across devices, in memory
    /// device by device (each in order of start time).
    /// </summary>
    IAsyncEnumerable<ObservedNetworkWindow> ExportAsync(NetworkExportQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// The feature schema versions of the query's windows, in ascending order (none when it holds no window), so an
    /// export can refuse to mix versions before it writes anything.
    /// </summary>
    Task<IReadOnlyList<int>> FindSchemaVersionsAsync(NetworkExportQuery query, CancellationToken cancellationToken);

    /// <summary>Removes every window of a deleted twin.</summary>
    Task DeleteAsync(string deviceId, CancellationToken cancellationToken);
}
