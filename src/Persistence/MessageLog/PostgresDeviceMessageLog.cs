using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.MessageLog;
using DigitalTwin.Persistence.GroupCommit;
using DigitalTwin.Persistence.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace DigitalTwin.Persistence.MessageLog;

/// <summary>
/// The message log in PostgreSQL with group commit (<see cref="GroupCommitWriter{T}"/>): the twins of this silo
/// queue their entries and each batch of up to <see cref="PostgresOptions.LogBatchSize"/> is one binary COPY,
/// one transaction and one WAL flush. The queue is bounded (<see cref="PostgresOptions.LogQueueCapacity"/>):
/// when it is full, twins wait, their devices wait for their PUBACKs, and MQTT flow control slows them down.
/// </summary>
internal sealed partial class PostgresDeviceMessageLog : IHostedService, IDeviceMessageLog
{
    private const string CopyCommand =
        "COPY dtn_device_messages (device_id, seq, kind, device_time, received_at, device_type, presence, data) FROM STDIN (FORMAT BINARY)";

    private readonly NpgsqlDataSource _database;
    private readonly GroupCommitWriter<LoggedDeviceMessage> _writer;

    public PostgresDeviceMessageLog(NpgsqlDataSource database, IOptions<PostgresOptions> options, ILogger<PostgresDeviceMessageLog> logger)
    {
        _database = database;
        _writer = new GroupCommitWriter<LoggedDeviceMessage>(
            options.Value.LogQueueCapacity,
            options.Value.LogBatchSize,
            "the device message log is stopping and takes no more entries",
            WriteAsync,
            (exception, count) => LogWriteFailed(logger, exception, count));
    }

    public bool IsDurable => true;

    /// <summary>Transactions written since start, one per batch.</summary>
    public long BatchesWritten => _writer.BatchesWritten;

    public Task AppendAsync(LoggedDeviceMessage entry, CancellationToken cancellationToken) =>
        _writer.AppendAsync(entry, cancellationToken);

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

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _writer.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => _writer.StopAsync(cancellationToken);

    private async Task WriteAsync(IReadOnlyList<LoggedDeviceMessage> batch)
    {
        await using var connection = await _database.OpenConnectionAsync();
        await using var importer = await connection.BeginBinaryImportAsync(CopyCommand);
        foreach (var (sequence, message) in batch)
        {
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
}
