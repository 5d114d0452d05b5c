using System.Threading.Channels;
using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.MessageLog;
using DigitalTwin.Persistence.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace DigitalTwin.Persistence.MessageLog;

/// <summary>
/// The message log in PostgreSQL with group commit: twins of this silo queue their entries, one writer
/// takes everything queued (up to <see cref="PostgresOptions.LogBatchSize"/>) and writes it with one
/// binary COPY, a single transaction and a single WAL flush for the whole batch, then completes every
/// waiting twin at once. While a batch commits the next one gathers, so the batch grows with load
/// instead of by a timer. The queue is bounded (<see cref="PostgresOptions.LogQueueCapacity"/>): when it
/// is full, twins wait, their devices wait for their PUBACKs, and MQTT flow control slows them down.
/// </summary>
internal sealed partial class PostgresDeviceMessageLog : BackgroundService, IDeviceMessageLog
{
    private const string CopyCommand =
        "COPY dtn_device_messages (device_id, seq, kind, device_time, received_at, device_type, presence, data) FROM STDIN (FORMAT BINARY)";

    private readonly NpgsqlDataSource _database;
    private readonly ILogger<PostgresDeviceMessageLog> _logger;
    private readonly int _batchSize;
    private readonly Channel<PendingEntry> _queue;
    private long _batchesWritten;
    private long _entriesWritten;

    public PostgresDeviceMessageLog(NpgsqlDataSource database, IOptions<PostgresOptions> options, ILogger<PostgresDeviceMessageLog> logger)
    {
        _database = database;
        _logger = logger;
        _batchSize = options.Value.LogBatchSize;
        _queue = Channel.CreateBounded<PendingEntry>(new BoundedChannelOptions(options.Value.LogQueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public bool IsDurable => true;

    /// <summary>Entries waiting for the writer.</summary>
    public int Queued => _queue.Reader.Count;

    /// <summary>Transactions written since start; entries written divided by it is the mean batch.</summary>
    public long BatchesWritten => Interlocked.Read(ref _batchesWritten);

    public long EntriesWritten => Interlocked.Read(ref _entriesWritten);

    public async Task AppendAsync(LoggedDeviceMessage entry, CancellationToken cancellationToken)
    {
        var pending = new PendingEntry(entry);
        try
        {
            await _queue.Writer.WriteAsync(pending, cancellationToken);
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException("the device message log is stopping and takes no more entries");
        }

        await pending.Committed.Task;
    }

    public async Task<IReadOnlyList<LoggedDeviceMessage>> ReadAfterAsync(string deviceId, long afterSequence, CancellationToken cancellationToken)
    {
        await using var command = _database.CreateCommand(
            """
            SELECT seq, kind, device_time, received_at, device_type, presence, data::text
            FROM dtn_device_messages
            WHERE device_id = $1 AND seq > $2
            ORDER BY seq
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = deviceId, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = afterSequence, NpgsqlDbType = NpgsqlDbType.Bigint });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var entries = new List<LoggedDeviceMessage>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var message = new DeviceMessage(
                deviceId,
                (DeviceMessageKind)reader.GetInt16(1),
                reader.GetFieldValue<DateTimeOffset>(2),
                reader.GetFieldValue<DateTimeOffset>(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                LoggedValuesJson.Read(reader.GetString(6)),
                reader.IsDBNull(5) ? null : (PresenceStatus)reader.GetInt16(5));
            entries.Add(new LoggedDeviceMessage(reader.GetInt64(0), message));
        }

        return entries;
    }

    public async Task DeleteAsync(string deviceId, CancellationToken cancellationToken)
    {
        await using var command = _database.CreateCommand("DELETE FROM dtn_device_messages WHERE device_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = deviceId, NpgsqlDbType = NpgsqlDbType.Text });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<PendingEntry>(_batchSize);

        // Runs until the queue is completed and drained (StopAsync), not until the stopping token: entries
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
                Interlocked.Increment(ref _batchesWritten);
                Interlocked.Add(ref _entriesWritten, batch.Count);
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

    private async Task WriteAsync(List<PendingEntry> batch)
    {
        await using var connection = await _database.OpenConnectionAsync();
        await using var importer = await connection.BeginBinaryImportAsync(CopyCommand);
        foreach (var pending in batch)
        {
            var (sequence, message) = pending.Entry;
            await importer.StartRowAsync();
            await importer.WriteAsync(message.DeviceId, NpgsqlDbType.Text);
            await importer.WriteAsync(sequence, NpgsqlDbType.Bigint);
            await importer.WriteAsync((short)message.Kind, NpgsqlDbType.Smallint);
            await importer.WriteAsync(message.DeviceTimestamp.UtcDateTime, NpgsqlDbType.TimestampTz);
            await importer.WriteAsync(message.ReceivedAt.UtcDateTime, NpgsqlDbType.TimestampTz);
            if (message.DeviceType is { } type)
            {
                await importer.WriteAsync(type, NpgsqlDbType.Text);
            }
            else
            {
                await importer.WriteNullAsync();
            }

            if (message.Presence is { } presence)
            {
                await importer.WriteAsync((short)presence, NpgsqlDbType.Smallint);
            }
            else
            {
                await importer.WriteNullAsync();
            }

            await importer.WriteAsync(LoggedValuesJson.Write(message.Values), NpgsqlDbType.Jsonb);
        }

        await importer.CompleteAsync();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Writing {Count} device messages to the log failed; their twins reload and their devices are not acknowledged")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, int count);

    private sealed class PendingEntry(LoggedDeviceMessage entry)
    {
        public LoggedDeviceMessage Entry { get; } = entry;

        // Continuations run on the twins' own schedulers, never inline on the writer's loop.
        public TaskCompletionSource Committed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
