using System.Globalization;
using DigitalTwin.Persistence.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace DigitalTwin.Persistence.History;

/// <summary>
/// Keeps the daily partitions of every <see cref="PartitionedTable"/> (the message log and the network window
/// table): creates them a few days ahead (rows that reached the default partition for such a day move into it),
/// drops those wholly older than the table's retention, and deletes expired rows from the default partition.
/// Every silo runs it hourly; an advisory lock per table lets one silo at a time do the work.
/// </summary>
internal sealed partial class DailyPartitions(
    NpgsqlDataSource database,
    IOptions<PostgresOptions> options,
    TimeProvider clock,
    ILogger<DailyPartitions> logger) : BackgroundService
{
    // More than the largest Twins:MaxClockSkew (one day), so no accepted device time lands past them.
    private const int DaysAhead = 3;

    private static readonly TimeSpan Period = TimeSpan.FromHours(1);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(2);

    /// <summary>One maintenance pass over one table; returns the partitions created and dropped.</summary>
    public async Task<(int Created, int Dropped)> MaintainAsync(PartitionedTable table, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var horizon = now - table.Retention(options.Value);

        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        await ExecuteAsync(connection, $"SELECT pg_advisory_xact_lock(hashtext('{table.Name}'))", cancellationToken);

        // Attaching and detaching wait for every reader and writer of the table, and everything that comes
        // after waits behind them: a long export would hold up every append (and so the devices' PUBACKs).
        // Giving up after a moment and retrying later costs nothing but the retry. Set after the advisory lock:
        // waiting for another silo's pass is harmless and must not count as a failure.
        await ExecuteAsync(connection, $"SET LOCAL lock_timeout = '{LockTimeout.TotalMilliseconds:0}ms'", cancellationToken);

        var existing = await ExistingDaysAsync(connection, table, cancellationToken);
        var created = 0;
        for (var day = today.AddDays(-1); day <= today.AddDays(DaysAhead); day = day.AddDays(1))
        {
            if (!existing.Contains(day) && Start(day) > horizon)
            {
                await CreateAsync(connection, table, day, cancellationToken);
                created++;
            }
        }

        var dropped = 0;
        foreach (var day in existing.Where(day => Start(day.AddDays(1)) <= horizon))
        {
            var partition = table.PartitionName(day);
            await ExecuteAsync(connection, $"ALTER TABLE {table.Name} DETACH PARTITION {partition}; DROP TABLE {partition}", cancellationToken);
            dropped++;
        }

        await using (var expire = new NpgsqlCommand($"DELETE FROM {table.DefaultPartition} WHERE {table.TimeColumn} < $1", connection))
        {
            expire.Parameters.Add(new NpgsqlParameter { Value = horizon.UtcDateTime });
            await expire.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        if (created > 0 || dropped > 0)
        {
            LogMaintained(logger, table.What, created, dropped, horizon);
        }

        return (created, dropped);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var delay = Period;
            foreach (var table in PartitionedTable.All)
            {
                try
                {
                    await MaintainAsync(table, stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    // Until a partition exists, rows go to the default partition: nothing is lost meanwhile.
                    LogMaintenanceFailed(logger, ex, table.What, RetryDelay);
                    delay = RetryDelay;
                }
            }

            try
            {
                await Task.Delay(delay, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private static DateTimeOffset Start(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    private static string Literal(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + " 00:00:00+00";

    private static async Task CreateAsync(NpgsqlConnection connection, PartitionedTable table, DateOnly day, CancellationToken cancellationToken)
    {
        // Create, fill from the default partition, then attach: attaching a range the default partition
        // still holds rows of would fail. The default partition is locked first, so no row reaches it between
        // the move and the attach (attaching locks it anyway). Attaching builds the parent's indexes (and
        // primary key) on the partition.
        var name = table.PartitionName(day);
        var (from, to) = (Literal(day), Literal(day.AddDays(1)));
        await ExecuteAsync(
            connection,
            $"""
            LOCK TABLE {table.DefaultPartition} IN ACCESS EXCLUSIVE MODE;
            CREATE TABLE {name} (LIKE {table.Name} INCLUDING DEFAULTS INCLUDING CONSTRAINTS);
            WITH moved AS (DELETE FROM {table.DefaultPartition} WHERE {table.TimeColumn} >= '{from}' AND {table.TimeColumn} < '{to}' RETURNING *)
            INSERT INTO {name} SELECT * FROM moved;
            ALTER TABLE {table.Name} ATTACH PARTITION {name} FOR VALUES FROM ('{from}') TO ('{to}');
            """,
            cancellationToken);
    }

    private static async Task<HashSet<DateOnly>> ExistingDaysAsync(NpgsqlConnection connection, PartitionedTable table, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"""
            SELECT child.relname
            FROM pg_inherits
            JOIN pg_class parent ON parent.oid = pg_inherits.inhparent
            JOIN pg_class child ON child.oid = pg_inherits.inhrelid
            WHERE parent.relname = '{table.Name}' AND child.relname LIKE '{table.Prefix}%'
            """,
            connection);
        var days = new HashSet<DateOnly>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (DateOnly.TryParseExact(reader.GetString(0)[table.Prefix.Length..], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                days.Add(day);
            }
        }

        return days;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Daily partitions of {What}: {Created} created, {Dropped} dropped (retention horizon {Horizon:u})")]
    private static partial void LogMaintained(ILogger logger, string what, int created, int dropped, DateTimeOffset horizon);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Maintaining the daily partitions of {What} failed; retrying in {Delay}")]
    private static partial void LogMaintenanceFailed(ILogger logger, Exception exception, string what, TimeSpan delay);
}
