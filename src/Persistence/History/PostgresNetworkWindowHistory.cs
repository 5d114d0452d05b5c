using System.Runtime.CompilerServices;
using DigitalTwin.Behaviour.Features;
using DigitalTwin.Grains.Interfaces.Network;
using DigitalTwin.Grains.Network;
using DigitalTwin.Persistence.GroupCommit;
using DigitalTwin.Persistence.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace DigitalTwin.Persistence.History;

/// <summary>
/// The network window table, written with group commit as the message log is (<see cref="GroupCommitWriter{T}"/>:
/// batches of up to <see cref="PostgresOptions.LogBatchSize"/> windows, one transaction each, a queue bounded by
/// <see cref="PostgresOptions.LogQueueCapacity"/>, drained when the silo stops). A row that exists (a window
/// re-sent after its twin crashed before its snapshot) is left as it is.
/// </summary>
internal sealed partial class PostgresNetworkWindowHistory : IHostedService, INetworkWindowHistory
{
    private const string Insert =
        "INSERT INTO dtn_network_windows (device_id, window_start, window_seconds, device_type, features, schema_version) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING";

    // The rows of an export query: $1..$5 are from, to, device type, device id and schema version (null: any).
    private const string ExportFilter = """
        WHERE window_start >= $1 AND window_start < $2
          AND ($3::text IS NULL OR device_type = $3)
          AND ($4::text IS NULL OR device_id = $4)
          AND ($5::smallint IS NULL OR schema_version = $5)
        """;

    private readonly NpgsqlDataSource _database;
    private readonly GroupCommitWriter<ObservedNetworkWindow> _writer;

    public PostgresNetworkWindowHistory(NpgsqlDataSource database, IOptions<PostgresOptions> options, ILogger<PostgresNetworkWindowHistory> logger)
    {
        _database = database;
        _writer = new GroupCommitWriter<ObservedNetworkWindow>(
            options.Value.LogQueueCapacity,
            options.Value.LogBatchSize,
            "the network window table is stopping and takes no more windows",
            WriteAsync,
            (exception, count) => LogWriteFailed(logger, exception, count));
    }

    public bool IsDurable => true;

    public Task AppendAsync(ObservedNetworkWindow window, CancellationToken cancellationToken) =>
        _writer.AppendAsync(window, cancellationToken);

    public async Task<IReadOnlyList<ObservedNetworkWindow>> ReadLatestAsync(string deviceId, int count, CancellationToken cancellationToken)
    {
        await using var command = _database.CreateCommand(
            """
            SELECT window_start, window_seconds, features, schema_version, device_type FROM (
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
            var window = ReadWindow(reader, 0);
            windows.Add(new ObservedNetworkWindow(deviceId, reader.GetString(4), window));
        }

        return windows;
    }

    public async IAsyncEnumerable<ObservedNetworkWindow> ExportAsync(NetworkExportQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // One query, read row by row: Npgsql streams the result as it arrives, so memory stays flat however
        // many windows the range holds; the time index serves the order.
        await using var command = _database.CreateCommand(
            $$"""
            SELECT device_id, device_type, window_start, window_seconds, features, schema_version
            FROM dtn_network_windows
            {{ExportFilter}}
            ORDER BY window_start, device_id
            """);
        command.CommandTimeout = 0;
        AddExportParameters(command, query);
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var deviceId = reader.GetString(0);
            var deviceType = reader.GetString(1);
            yield return new ObservedNetworkWindow(deviceId, deviceType, ReadWindow(reader, 2));
        }
    }

    public async Task<IReadOnlyList<int>> FindSchemaVersionsAsync(NetworkExportQuery query, CancellationToken cancellationToken)
    {
        // One probe per supported version, each stopping at its first row: a range of one version costs one pass
        // at most (the probe of the version it lacks), and a mixed range is found at its first rows of each.
        await using var command = _database.CreateCommand(
            $$"""
            SELECT coalesce(array_agg(version ORDER BY version), '{}') FROM unnest($6::smallint[]) AS version
            WHERE EXISTS (
                SELECT 1 FROM dtn_network_windows
                {{ExportFilter}}
                  AND schema_version = version)
            """);
        command.CommandTimeout = 0;
        AddExportParameters(command, query);
        var supported = FeatureCatalog.SupportedSchemaVersions.Select(v => (short)v).ToArray();
        command.Parameters.Add(new NpgsqlParameter { Value = supported, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Smallint });
        var found = (short[])(await command.ExecuteScalarAsync(cancellationToken))!;
        return [.. found.Select(v => (int)v)];
    }

    public async Task DeleteAsync(string deviceId, CancellationToken cancellationToken)
    {
        await using var command = _database.CreateCommand("DELETE FROM dtn_network_windows WHERE device_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = deviceId, NpgsqlDbType = NpgsqlDbType.Text });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _writer.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => _writer.StopAsync(cancellationToken);

    private static void AddExportParameters(NpgsqlCommand command, NetworkExportQuery query)
    {
        command.Parameters.Add(new NpgsqlParameter { Value = query.From.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = query.To.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)query.DeviceType ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)query.DeviceId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)query.SchemaVersion ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Smallint });
    }

    /// <summary>
    /// Window start, length, features and schema version in four columns from <paramref name="start"/>. A row keeps the
    /// features as they were written: rows from before schema 3 hold 32, and read back with NaN for the features
    /// appended since (no migration rewrites them).
    /// </summary>
    private static NetworkWindowRecord ReadWindow(NpgsqlDataReader reader, int start)
    {
        var windowStart = reader.GetFieldValue<DateTimeOffset>(start);
        var seconds = reader.GetDouble(start + 1);
        var features = reader.GetFieldValue<double[]>(start + 2);
        var version = reader.GetInt16(start + 3);
        return new NetworkWindowRecord(windowStart, seconds, FeatureValues.ForVersion(features, version), version);
    }

    private async Task WriteAsync(IReadOnlyList<ObservedNetworkWindow> batch)
    {
        await using var connection = await _database.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var statements = new NpgsqlBatch(connection, transaction);
        foreach (var (deviceId, deviceType, window) in batch)
        {
            var statement = new NpgsqlBatchCommand(Insert);
            statement.Parameters.Add(new NpgsqlParameter { Value = deviceId, NpgsqlDbType = NpgsqlDbType.Text });
            statement.Parameters.Add(new NpgsqlParameter { Value = window.Start.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            statement.Parameters.Add(new NpgsqlParameter { Value = window.Seconds, NpgsqlDbType = NpgsqlDbType.Double });
            statement.Parameters.Add(new NpgsqlParameter { Value = deviceType, NpgsqlDbType = NpgsqlDbType.Text });
            statement.Parameters.Add(new NpgsqlParameter { Value = window.Values, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Double });
            statement.Parameters.Add(new NpgsqlParameter { Value = (short)window.SchemaVersion, NpgsqlDbType = NpgsqlDbType.Smallint });
            statements.BatchCommands.Add(statement);
        }

        await statements.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Writing {Count} network windows failed; their twins reload and their devices are not acknowledged")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, int count);
}
