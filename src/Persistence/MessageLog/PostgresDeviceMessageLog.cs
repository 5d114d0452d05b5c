using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.MessageLog;
using DigitalTwin.Grains.Streams;
using DigitalTwin.Persistence.GroupCommit;
using DigitalTwin.Persistence.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace DigitalTwin.Persistence.MessageLog;

/// <summary>
/// The message log in PostgreSQL, and the device streams' queues (<see cref="IDeviceQueueStore"/>): the MQTT bridge of
/// this silo appends each device message with group commit (<see cref="GroupCommitWriter{T}"/>), each batch of up to
/// <see cref="PostgresOptions.LogBatchSize"/> being one binary COPY, one transaction and one WAL flush, and its
/// publisher completes (the device gets its PUBACK) once the batch committed. The transaction numbers its entries from
/// <c>dtn_log_sequence</c> and notifies the silos that read the queues it wrote to. The writer's queue is bounded
/// (<see cref="PostgresOptions.LogQueueCapacity"/>): when it is full, devices wait for their PUBACKs and MQTT flow
/// control slows them down.
/// </summary>
internal sealed partial class PostgresDeviceMessageLog : IHostedService, IDeviceMessageLog, IDeviceQueueStore
{
    /// <summary>The notification channel that carries the queues a committed batch wrote to, as "3,5".</summary>
    public const string QueuesChannel = "dtn_device_queues";

    /// <summary>The columns <see cref="ReadEntry"/> reads, in its order.</summary>
    internal const string EntryColumns = "seq, kind, device_time, received_at, device_type, presence, data::text";

    private const string CopyCommand =
        "COPY dtn_device_messages (device_id, seq, queue, kind, device_time, received_at, device_type, presence, data) FROM STDIN (FORMAT BINARY)";

    private readonly NpgsqlDataSource _database;
    private readonly GroupCommitWriter<QueuedEntry> _writer;
    private readonly QueueWakeups _wakeups;
    private readonly DeviceStreamOptions _streams;

    public PostgresDeviceMessageLog(
        NpgsqlDataSource database,
        QueueWakeups wakeups,
        IOptions<PostgresOptions> options,
        IOptions<DeviceStreamOptions> streams,
        ILogger<PostgresDeviceMessageLog> logger)
    {
        _database = database;
        _wakeups = wakeups;
        _streams = streams.Value;
        _writer = new GroupCommitWriter<QueuedEntry>(
            options.Value.LogQueueCapacity,
            options.Value.LogBatchSize,
            "the device message log is stopping and takes no more entries",
            WriteAsync,
            (exception, count) => LogWriteFailed(logger, exception, count));
    }

    public bool IsDurable => true;

    public bool IsShared => true;

    /// <summary>Transactions written since start, one per batch.</summary>
    public long BatchesWritten => _writer.BatchesWritten;

    public Task EnqueueAsync(int queue, DeviceMessage message, CancellationToken cancellationToken) =>
        _writer.AppendAsync(new QueuedEntry(queue, message), cancellationToken);

    public IDeviceQueueReader OpenReader(int queue) => new PostgresQueueReader(_database, _wakeups, queue, _streams);

    public async Task<IReadOnlyList<LoggedDeviceMessage>> ReadAfterAsync(string deviceId, long afterSequence, CancellationToken cancellationToken)
    {
        await using var command = _database.CreateCommand(
            $$"""
            SELECT {{EntryColumns}}
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
            entries.Add(ReadEntry(reader, deviceId));
        }

        return entries;
    }

    /// <summary>
    /// An entry from a row whose first columns are <see cref="EntryColumns"/>: the readers of a twin's entries and of a
    /// queue's select the same way.
    /// </summary>
    internal static LoggedDeviceMessage ReadEntry(NpgsqlDataReader reader, string deviceId)
    {
        var message = new DeviceMessage(
            deviceId,
            (DeviceMessageKind)reader.GetInt16(1),
            reader.GetFieldValue<DateTimeOffset>(2),
            reader.GetFieldValue<DateTimeOffset>(3),
            reader.IsDBNull(4) ? null : reader.GetString(4),
            LoggedValuesJson.Read(reader.GetString(6)),
            reader.IsDBNull(5) ? null : (PresenceStatus)reader.GetInt16(5));
        return new LoggedDeviceMessage(reader.GetInt64(0), message);
    }

    public async Task ForgetAsync(string deviceId, long sequence, CancellationToken cancellationToken)
    {
        await using var command = _database.CreateCommand("DELETE FROM dtn_device_messages WHERE device_id = $1 AND seq = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = deviceId, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = sequence, NpgsqlDbType = NpgsqlDbType.Bigint });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<long> LastSequenceAsync(string deviceId, CancellationToken cancellationToken)
    {
        await using var command = _database.CreateCommand("SELECT coalesce(max(seq), 0) FROM dtn_device_messages WHERE device_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = deviceId, NpgsqlDbType = NpgsqlDbType.Text });
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task DeleteAsync(string deviceId, long upToSequence, CancellationToken cancellationToken)
    {
        await using var command = _database.CreateCommand("DELETE FROM dtn_device_messages WHERE device_id = $1 AND seq <= $2");
        command.Parameters.Add(new NpgsqlParameter { Value = deviceId, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = upToSequence, NpgsqlDbType = NpgsqlDbType.Bigint });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await CheckQueueCountAsync(cancellationToken);
        _writer.Start();
    }

    /// <summary>
    /// Refuses to start with another <see cref="DeviceStreamOptions.QueueCount"/> than the log's entries were spread
    /// over: a device would then have entries in two queues, read by two agents, and a later one applied first would
    /// make its twin skip the earlier as already held.
    /// </summary>
    private async Task CheckQueueCountAsync(CancellationToken cancellationToken)
    {
        await using var command = _database.CreateCommand(
            "UPDATE dtn_log_sequence SET queue_count = coalesce(queue_count, $1) WHERE id = 0 RETURNING queue_count");
        command.Parameters.Add(new NpgsqlParameter { Value = _streams.QueueCount, NpgsqlDbType = NpgsqlDbType.Integer });
        if (await command.ExecuteScalarAsync(cancellationToken) is int stored && stored != _streams.QueueCount)
        {
            throw new InvalidOperationException(
                $"{DeviceStreamOptions.SectionName}:{nameof(DeviceStreamOptions.QueueCount)} is {_streams.QueueCount}, but the device queues in " +
                $"this database were made with {stored}. Set it back to {stored}, or change it with every silo stopped: run " +
                "'UPDATE dtn_log_sequence SET queue_count = NULL' and start the silos with the new count (docs/architecture.md).");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => _writer.StopAsync(cancellationToken);

    private async Task WriteAsync(IReadOnlyList<QueuedEntry> batch)
    {
        await using var connection = await _database.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var last = await TakeSequencesAsync(connection, batch.Count);
        var sequence = last - batch.Count;
        var queues = new SortedSet<int>();
        await using (var importer = await connection.BeginBinaryImportAsync(CopyCommand))
        {
            foreach (var (queue, message) in batch)
            {
                queues.Add(queue);
                await importer.StartRowAsync();
                await importer.WriteAsync(message.DeviceId, NpgsqlDbType.Text);
                await importer.WriteAsync(++sequence, NpgsqlDbType.Bigint);
                await importer.WriteAsync((short)queue, NpgsqlDbType.Smallint);
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

        // Delivered at commit, to every silo listening: the owners of these queues read them at once.
        await using (var notify = new NpgsqlCommand("SELECT pg_notify($1, $2)", connection, transaction))
        {
            notify.Parameters.Add(new NpgsqlParameter { Value = QueuesChannel, NpgsqlDbType = NpgsqlDbType.Text });
            notify.Parameters.Add(new NpgsqlParameter { Value = string.Join(',', queues), NpgsqlDbType = NpgsqlDbType.Text });
            await notify.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
        foreach (var queue in queues)
        {
            _wakeups.Raise(queue);
        }
    }

    /// <summary>
    /// Takes <paramref name="count"/> numbers and returns the last. The row stays locked until the transaction ends, so
    /// batches of all silos commit in the order of their numbers and a reader never sees a number before a lower one.
    /// </summary>
    private static async Task<long> TakeSequencesAsync(NpgsqlConnection connection, int count)
    {
        await using var command = new NpgsqlCommand("UPDATE dtn_log_sequence SET last = last + $1 WHERE id = 0 RETURNING last", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = (long)count, NpgsqlDbType = NpgsqlDbType.Bigint });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>A device message on its way to its queue.</summary>
    private sealed record QueuedEntry(int Queue, DeviceMessage Message);

    [LoggerMessage(Level = LogLevel.Error, Message = "Writing {Count} device messages to the log failed; their devices are not acknowledged")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, int count);
}
