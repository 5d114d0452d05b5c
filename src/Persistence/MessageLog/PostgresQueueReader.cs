using System.Diagnostics;
using DigitalTwin.Grains.MessageLog;
using DigitalTwin.Grains.Streams;
using Npgsql;
using NpgsqlTypes;

namespace DigitalTwin.Persistence.MessageLog;

/// <summary>
/// Reads one device queue from the message log for the silo whose pulling agent owns it: the entries after the last
/// one read, in seq order, resuming after the queue's checkpoint when the queue comes to this silo. It queries only
/// when its <see cref="QueueWakeups"/> flag says entries were committed, or once a
/// <see cref="DeviceStreamOptions.SafetyReadPeriod"/> in case a notification was lost; with its flag down it waits up to
/// <see cref="DeviceStreamOptions.IdleWait"/> for it to be raised. The checkpoint is written at
/// most once a second: a new owner delivers again what followed it, and the twins skip what they hold. It never reads
/// before it knows the checkpoint: the pulling agent reads even when <see cref="InitializeAsync"/> failed (a slow or
/// unreachable database at start), and reading from 0 would deliver the queue's whole history again.
/// </summary>
internal sealed class PostgresQueueReader(NpgsqlDataSource database, QueueWakeups wakeups, int queue, DeviceStreamOptions options) : IDeviceQueueReader
{
    private static readonly TimeSpan CheckpointInterval = TimeSpan.FromSeconds(1);

    private long _position;
    private long _delivered;
    private long _checkpointed;
    private long _lastRead;
    private long _lastCheckpoint;
    private bool _initialized;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("SELECT seq FROM dtn_queue_checkpoints WHERE queue = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = (short)queue, NpgsqlDbType = NpgsqlDbType.Smallint });
        _position = await command.ExecuteScalarAsync(cancellationToken) is long checkpoint ? checkpoint : 0;
        _delivered = _checkpointed = _position;
        _initialized = true;
        wakeups.Raise(queue);
    }

    public async Task<IReadOnlyList<LoggedDeviceMessage>> ReadAsync(int maxCount, CancellationToken cancellationToken)
    {
        if (!_initialized)
        {
            // Throws while the database cannot say: the agent tries again on its next read.
            await InitializeAsync(cancellationToken);
        }

        // A read the agent has given up on ends empty, as the in-memory queues' does, and leaves the flag for the next.
        if (cancellationToken.IsCancellationRequested)
        {
            return [];
        }

        // Lowered before the query: an entry committed while it runs raises the flag again, and is read next time.
        if (!wakeups.Take(queue) && Stopwatch.GetElapsedTime(_lastRead) < options.SafetyReadPeriod)
        {
            await wakeups.WaitAsync(queue, options.IdleWait, cancellationToken);
            if (cancellationToken.IsCancellationRequested || !wakeups.Take(queue))
            {
                return [];
            }
        }

        _lastRead = Stopwatch.GetTimestamp();
        await using var command = database.CreateCommand(
            $$"""
            SELECT {{PostgresDeviceMessageLog.EntryColumns}}, device_id
            FROM dtn_device_messages
            WHERE queue = $1 AND seq > $2
            ORDER BY seq
            LIMIT $3
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = (short)queue, NpgsqlDbType = NpgsqlDbType.Smallint });
        command.Parameters.Add(new NpgsqlParameter { Value = _position, NpgsqlDbType = NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter { Value = maxCount, NpgsqlDbType = NpgsqlDbType.Integer });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var entries = new List<LoggedDeviceMessage>();
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(PostgresDeviceMessageLog.ReadEntry(reader, reader.GetString(7)));
        }

        if (entries.Count > 0)
        {
            _position = entries[^1].Sequence;
        }

        if (entries.Count == maxCount)
        {
            // A full read leaves more behind: look again without waiting for a notification.
            wakeups.Raise(queue);
        }

        return entries;
    }

    public Task DeliveredAsync(long sequence, CancellationToken cancellationToken)
    {
        _delivered = Math.Max(_delivered, sequence);
        return Stopwatch.GetElapsedTime(_lastCheckpoint) >= CheckpointInterval
            ? CheckpointAsync(cancellationToken)
            : Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => CheckpointAsync(cancellationToken);

    private async Task CheckpointAsync(CancellationToken cancellationToken)
    {
        _lastCheckpoint = Stopwatch.GetTimestamp();
        if (_delivered <= _checkpointed)
        {
            return;
        }

        var delivered = _delivered;
        await using var command = database.CreateCommand(
            """
            INSERT INTO dtn_queue_checkpoints (queue, seq) VALUES ($1, $2)
            ON CONFLICT (queue) DO UPDATE SET seq = greatest(dtn_queue_checkpoints.seq, excluded.seq)
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = (short)queue, NpgsqlDbType = NpgsqlDbType.Smallint });
        command.Parameters.Add(new NpgsqlParameter { Value = delivered, NpgsqlDbType = NpgsqlDbType.Bigint });
        await command.ExecuteNonQueryAsync(cancellationToken);
        _checkpointed = delivered;
    }
}
