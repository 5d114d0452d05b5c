using System.Runtime.CompilerServices;
using System.Threading.Channels;
using DigitalTwin.Grains.Interfaces.Network;
using DigitalTwin.Grains.Network;
using DigitalTwin.Persistence.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace DigitalTwin.Persistence.History;

/// <summary>
/// The network window table with group commit, as the message log does it: twins queue their windows, one
/// writer takes everything queued (up to <see cref="PostgresOptions.LogBatchSize"/>) and inserts it in one
/// batch and transaction, then completes every waiting twin at once. The queue is bounded
/// (<see cref="PostgresOptions.LogQueueCapacity"/>): when full, twins wait and so do their devices' PUBACKs.
/// Stopping drains the queue before the silo goes. A row that exists (a window re-sent after its twin crashed
/// before its snapshot) is left as it is.
/// </summary>
internal sealed partial class PostgresNetworkWindowHistory : BackgroundService, INetworkWindowHistory
{
    private const string Insert =
        "INSERT INTO dtn_network_windows (device_id, window_start, window_seconds, device_type, features) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING";

    private readonly NpgsqlDataSource _database;
    private readonly ILogger<PostgresNetworkWindowHistory> _logger;
    private readonly int _batchSize;
    private readonly Channel<PendingWindow> _queue;

    public PostgresNetworkWindowHistory(NpgsqlDataSource database, IOptions<PostgresOptions> options, ILogger<PostgresNetworkWindowHistory> logger)
    {
        _database = database;
        _logger = logger;
        _batchSize = options.Value.LogBatchSize;
        _queue = Channel.CreateBounded<PendingWindow>(new BoundedChannelOptions(options.Value.LogQueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public bool IsDurable => true;

    /// <summary>Windows waiting for the writer.</summary>
    public int Queued => _queue.Reader.Count;

    public async Task AppendAsync(ObservedNetworkWindow window, CancellationToken cancellationToken)
    {
        var pending = new PendingWindow(window);
        try
        {
            await _queue.Writer.WriteAsync(pending, cancellationToken);
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException("the network window table is stopping and takes no more windows");
        }

        await pending.Committed.Task;
    }

    public async Task<IReadOnlyList<ObservedNetworkWindow>> ReadLatestAsync(string deviceId, int count, CancellationToken cancellationToken)
    {
        await using var command = _database.CreateCommand(
            """
            SELECT window_start, window_seconds, device_type, features FROM (
                SELECT * FROM dtn_network_windows WHERE device_id = $1 ORDER BY window_start DESC LIMIT $2
            ) latest
            ORDER BY window_start
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = deviceId, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = count, NpgsqlDbType = NpgsqlDbType.Integer });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var windows = new List<ObservedNetworkWindow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var deviceType = reader.GetString(2);
            windows.Add(new ObservedNetworkWindow(deviceId, deviceType, ReadWindow(reader, 0, 3)));
        }

        return windows;
    }

    public async IAsyncEnumerable<ObservedNetworkWindow> ExportAsync(NetworkExportQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // One query, read row by row: Npgsql streams the result as it arrives, so memory stays flat however
        // many windows the range holds; the time index serves the order.
        await using var command = _database.CreateCommand(
            """
            SELECT device_id, device_type, window_start, window_seconds, features
            FROM dtn_network_windows
            WHERE window_start >= $1 AND window_start < $2
              AND ($3::text IS NULL OR device_type = $3)
              AND ($4::text IS NULL OR device_id = $4)
            ORDER BY window_start, device_id
            """);
        command.CommandTimeout = 0;
        command.Parameters.Add(new NpgsqlParameter { Value = query.From.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = query.To.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)query.DeviceType ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)query.DeviceId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var deviceId = reader.GetString(0);
            var deviceType = reader.GetString(1);
            yield return new ObservedNetworkWindow(deviceId, deviceType, ReadWindow(reader, 2, 4));
        }
    }

    public async Task DeleteAsync(string deviceId, CancellationToken cancellationToken)
    {
        await using var command = _database.CreateCommand("DELETE FROM dtn_network_windows WHERE device_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = deviceId, NpgsqlDbType = NpgsqlDbType.Text });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<PendingWindow>(_batchSize);

        // Runs until the queue is completed and drained (StopAsync), not until the stopping token: windows
        // already queued belong to twins waiting for an answer and get one.
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            while (batch.Count < _batchSize && _queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            try
            {
                await WriteAsync(batch);
                foreach (var pending in batch)
                {
                    pending.Committed.TrySetResult();
                }
            }
            catch (Exception ex)
            {
                LogWriteFailed(_logger, ex, batch.Count);
                foreach (var pending in batch)
                {
                    pending.Committed.TrySetException(ex);
                }
            }

            batch.Clear();
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    private static NetworkWindowRecord ReadWindow(NpgsqlDataReader reader, int start, int features) => new(
        reader.GetFieldValue<DateTimeOffset>(start),
        reader.GetDouble(start + 1),
        reader.GetFieldValue<double[]>(features));

    private async Task WriteAsync(List<PendingWindow> batch)
    {
        await using var connection = await _database.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var statements = new NpgsqlBatch(connection, transaction);
        foreach (var pending in batch)
        {
            var (deviceId, deviceType, window) = pending.Window;
            var statement = new NpgsqlBatchCommand(Insert);
            statement.Parameters.Add(new NpgsqlParameter { Value = deviceId, NpgsqlDbType = NpgsqlDbType.Text });
            statement.Parameters.Add(new NpgsqlParameter { Value = window.Start.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            statement.Parameters.Add(new NpgsqlParameter { Value = window.Seconds, NpgsqlDbType = NpgsqlDbType.Double });
            statement.Parameters.Add(new NpgsqlParameter { Value = deviceType, NpgsqlDbType = NpgsqlDbType.Text });
            statement.Parameters.Add(new NpgsqlParameter { Value = window.Values, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Double });
            statements.BatchCommands.Add(statement);
        }

        await statements.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Writing {Count} network windows failed; their twins reload and their devices are not acknowledged")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, int count);

    private sealed class PendingWindow(ObservedNetworkWindow window)
    {
        public ObservedNetworkWindow Window { get; } = window;

        // Continuations run on the twins' own schedulers, never inline on the writer's loop.
        public TaskCompletionSource Committed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
