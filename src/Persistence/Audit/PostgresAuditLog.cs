using System.Threading.Channels;
using DigitalTwin.Grains.Audit;
using DigitalTwin.Persistence.Schema;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace DigitalTwin.Persistence.Audit;

/// <summary>
/// The audit log in PostgreSQL (<c>dtn_api_audit</c>, see <c>Schema/070_api_audit.sql</c>), shared by every silo.
/// Recording only queues the entry: a background writer inserts what has queued in one statement per batch, so an
/// audited request never waits for the database. The price, documented in docs/security.md: entries still queued
/// when a silo dies (normally well under a second's worth) are lost, and when the queue is full
/// (<see cref="AuditOptions.QueueCapacity"/>, e.g. the database is down for long) new entries are dropped and counted.
/// Shutdown writes what is queued. Entries older than <see cref="AuditOptions.Retention"/> are deleted hourly.
/// </summary>
internal sealed partial class PostgresAuditLog : BackgroundService, IAuditLog
{
    private const int BatchSize = 500;

    private const string InsertSql = """
        INSERT INTO dtn_api_audit (at, actor, role, method, route, twin_id, remote_address, status)
        SELECT * FROM unnest(@at, @actor, @role, @method, @route, @twin_id, @remote_address, @status)
        """;

    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RetentionPeriod = TimeSpan.FromHours(1);

    private readonly NpgsqlDataSource _dataSource;
    private readonly AuditOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<PostgresAuditLog> _logger;
    private readonly Channel<AuditEntry> _queue;

    public PostgresAuditLog(NpgsqlDataSource dataSource, IOptions<AuditOptions> options, TimeProvider clock, ILogger<PostgresAuditLog> logger)
    {
        _dataSource = dataSource;
        _options = options.Value;
        _clock = clock;
        _logger = logger;
        _queue = Channel.CreateBounded<AuditEntry>(new BoundedChannelOptions(_options.QueueCapacity) { FullMode = BoundedChannelFullMode.Wait });
    }

    public bool Record(AuditEntry entry) => _queue.Writer.TryWrite(entry);

    public async Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        var sql = new System.Text.StringBuilder("SELECT id, at, actor, role, method, route, twin_id, remote_address, status FROM dtn_api_audit WHERE true");
        await using var command = _dataSource.CreateCommand();
        if (query.From is { } from)
        {
            sql.Append(" AND at >= @from");
            command.Parameters.Add(new NpgsqlParameter("from", NpgsqlDbType.TimestampTz) { Value = from.UtcDateTime });
        }

        if (query.To is { } to)
        {
            sql.Append(" AND at <= @to");
            command.Parameters.Add(new NpgsqlParameter("to", NpgsqlDbType.TimestampTz) { Value = to.UtcDateTime });
        }

        if (query.Actor is { } actor)
        {
            sql.Append(" AND actor = @actor");
            command.Parameters.Add(new NpgsqlParameter("actor", NpgsqlDbType.Text) { Value = actor });
        }

        sql.Append(query.Outcome switch
        {
            AuditOutcome.Succeeded => " AND status < 400",
            AuditOutcome.Refused => " AND status IN (401, 403)",
            AuditOutcome.Failed => " AND status >= 400 AND status NOT IN (401, 403)",
            _ => "",
        });
        if (query.Before is { } before)
        {
            sql.Append(" AND id < @before");
            command.Parameters.Add(new NpgsqlParameter("before", NpgsqlDbType.Bigint) { Value = before });
        }

        sql.Append(" ORDER BY id DESC LIMIT @limit");
        command.Parameters.Add(new NpgsqlParameter("limit", NpgsqlDbType.Integer) { Value = query.Limit + 1 });
        command.CommandText = sql.ToString();

        var entries = new List<AuditEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new AuditEntry(
                reader.GetInt64(0),
                new DateTimeOffset(reader.GetDateTime(1), TimeSpan.Zero),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetString(7),
                reader.GetInt32(8)));
        }

        return entries.Count > query.Limit ? new AuditPage(entries[..query.Limit], entries[query.Limit - 1].Id) : new AuditPage(entries, null);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);

        // A stop right after the start may cancel the writer before it ever ran: what it left is written here, once.
        var rest = new List<AuditEntry>();
        while (_queue.Reader.TryRead(out var entry))
        {
            rest.Add(entry);
        }

        if (rest.Count > 0 && !await TryWriteAsync(rest, new CancellationToken(canceled: true)))
        {
            LogLostAtShutdown(_logger, rest.Count);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var nextExpiry = _clock.GetUtcNow();
        var batch = new List<AuditEntry>(BatchSize);

        // Reads until the queue is completed at stop and empty, so a graceful stop writes everything queued.
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            while (batch.Count < BatchSize && _queue.Reader.TryRead(out var entry))
            {
                batch.Add(entry);
            }

            if (!await TryWriteAsync(batch, stoppingToken))
            {
                LogLostAtShutdown(_logger, batch.Count + _queue.Reader.Count);
                return;
            }

            batch.Clear();
            if (!stoppingToken.IsCancellationRequested && _clock.GetUtcNow() >= nextExpiry)
            {
                await ExpireAsync(stoppingToken);
                nextExpiry = _clock.GetUtcNow() + RetentionPeriod;
            }
        }
    }

    /// <summary>Writes the batch, retrying while the database fails; false when stopping makes it give up.</summary>
    private async Task<bool> TryWriteAsync(List<AuditEntry> batch, CancellationToken stoppingToken)
    {
        var rows = batch.ToArray();
        while (true)
        {
            try
            {
                await using var command = _dataSource.CreateCommand(InsertSql);
                command.Parameters.Add(ArrayParameter.Of("at", NpgsqlDbType.TimestampTz, rows, e => e.At.UtcDateTime));
                command.Parameters.Add(ArrayParameter.Of("actor", NpgsqlDbType.Text, rows, e => e.Actor));
                command.Parameters.Add(ArrayParameter.Of("role", NpgsqlDbType.Text, rows, e => e.Role));
                command.Parameters.Add(ArrayParameter.Of("method", NpgsqlDbType.Text, rows, e => e.Method));
                command.Parameters.Add(ArrayParameter.Of("route", NpgsqlDbType.Text, rows, e => e.Route));
                command.Parameters.Add(ArrayParameter.Of("twin_id", NpgsqlDbType.Text, rows, e => e.TwinId));
                command.Parameters.Add(ArrayParameter.Of("remote_address", NpgsqlDbType.Text, rows, e => e.RemoteAddress));
                command.Parameters.Add(ArrayParameter.Of("status", NpgsqlDbType.Integer, rows, e => e.Status));

                // Not cancelled by the stop: a graceful stop is when the last entries must be written.
                await command.ExecuteNonQueryAsync(CancellationToken.None);
                return true;
            }
            catch (NpgsqlException ex)
            {
                // Keep the batch and try again: the queue behind it fills meanwhile, and drops only when full.
                LogWriteFailed(_logger, ex, rows.Length, RetryDelay);
                if (stoppingToken.IsCancellationRequested)
                {
                    return false;
                }

                try
                {
                    await Task.Delay(RetryDelay, _clock, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return false;
                }
            }
        }
    }

    private async Task ExpireAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using var command = _dataSource.CreateCommand("DELETE FROM dtn_api_audit WHERE at < @horizon");
            command.Parameters.Add(new NpgsqlParameter("horizon", NpgsqlDbType.TimestampTz) { Value = (_clock.GetUtcNow() - _options.Retention).UtcDateTime });
            await command.ExecuteNonQueryAsync(stoppingToken);
        }
        catch (NpgsqlException ex)
        {
            LogExpiryFailed(_logger, ex);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the next silo to run does it.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing {Count} audit entries to PostgreSQL failed; retrying in {Delay}")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, int count, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deleting expired audit entries failed; trying again in an hour")]
    private static partial void LogExpiryFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Count} audit entries were not written before the silo stopped (PostgreSQL unreachable)")]
    private static partial void LogLostAtShutdown(ILogger logger, int count);
}
