using System.Globalization;
using Npgsql;

namespace DigitalTwin.Ingest;

/// <summary>
/// The bench's own connections to the database a postgres run writes into: server settings, counters at the
/// window's edges, the message log's batches, and a sampler of what the server's processes wait on. Its
/// connections carry their own application name and are left out of the sampled activity.
/// </summary>
public sealed class PostgresProbe : IAsyncDisposable
{
    public const string ApplicationName = "dtn-ingest-bench";

    private const string MessageLogTable = "dtn_device_messages";

    // USER_HZ, the unit of /proc/{pid}/stat; 100 on every Linux architecture .NET runs on.
    private const double TicksPerSecond = 100;

    private readonly NpgsqlDataSource _dataSource;

    public PostgresProbe(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = ApplicationName, Pooling = true, MaxPoolSize = 4 };
        _dataSource = NpgsqlDataSource.Create(builder);
    }

    /// <summary>Version and the settings that decide what a commit costs, for the report.</summary>
    public async Task<string> ReadSettingsAsync(CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("""
            SELECT 'PostgreSQL ' || current_setting('server_version')
                || ', fsync=' || current_setting('fsync')
                || ', synchronous_commit=' || current_setting('synchronous_commit')
                || ', full_page_writes=' || current_setting('full_page_writes')
                || ', wal_level=' || current_setting('wal_level')
                || ', shared_buffers=' || current_setting('shared_buffers')
                || ', max_wal_size=' || current_setting('max_wal_size')
                || ', checkpoint_timeout=' || current_setting('checkpoint_timeout')
            """);
        return (string)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<PostgresSnapshot> ReadSnapshotAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using (var exists = new NpgsqlCommand($"SELECT to_regclass('{MessageLogTable}') IS NOT NULL", connection))
        {
            if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken))!)
            {
                throw new InvalidOperationException(
                    $"{MessageLogTable} does not exist in the run's database: the silo did not apply its schema (Postgres:MigrateOnStart=false, or a silo build without PostgreSQL support).");
            }
        }

        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                // txid_current() carries the epoch; xmin does not, so compare modulo 2^32.
                new NpgsqlBatchCommand("""
                    SELECT pg_current_wal_lsn()::text,
                           (SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()),
                           txid_current() % 4294967296
                    """),
                new NpgsqlBatchCommand($"SELECT count(*) FROM {MessageLogTable}"),
                new NpgsqlBatchCommand("""
                    SELECT coalesce(pg_partition_root(relid), relid)::regclass::text,
                           n_tup_ins, n_tup_upd, n_tup_del, pg_total_relation_size(relid)
                    FROM pg_stat_user_tables
                    """),
                new NpgsqlBatchCommand("SELECT pid FROM pg_stat_activity"),
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var wal = ParseLsn(reader.GetString(0));
        var commits = reader.GetInt64(1);
        var transactionId = reader.GetInt64(2);
        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var logRows = reader.GetInt64(0);
        await reader.NextResultAsync(cancellationToken);
        var rows = new List<TableActivity>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new TableActivity(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4)));
        }

        await reader.NextResultAsync(cancellationToken);
        var processes = new List<int>();
        while (await reader.ReadAsync(cancellationToken))
        {
            processes.Add(reader.GetInt32(0));
        }

        TableActivity[] tables =
        [
            .. rows.GroupBy(r => r.Name, StringComparer.Ordinal)
                .Select(g => new TableActivity(g.Key, g.Sum(r => r.Inserted), g.Sum(r => r.Updated), g.Sum(r => r.Deleted), g.Sum(r => r.Bytes)))
                .OrderBy(t => t.Name, StringComparer.Ordinal),
        ];
        return new PostgresSnapshot(wal, logRows, commits, transactionId, tables, ServerCpu(processes));
    }

    /// <summary>
    /// Each COPY of the message log is one transaction, so the log rows whose <c>xmin</c> lies in
    /// [<paramref name="fromTransaction"/>, <paramref name="toTransaction"/>) and their distinct <c>xmin</c>
    /// values are the rows and batches of the window. Null when the ids wrapped in between.
    /// </summary>
    public async Task<LogBatches?> ReadLogBatchesAsync(long fromTransaction, long toTransaction, CancellationToken cancellationToken)
    {
        if (toTransaction <= fromTransaction)
        {
            return null;
        }

        await using var command = _dataSource.CreateCommand($"""
            SELECT count(*), count(DISTINCT xmin::text)
            FROM {MessageLogTable}
            WHERE xmin::text::bigint >= $1 AND xmin::text::bigint < $2
            """);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = fromTransaction });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = toTransaction });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new LogBatches(reader.GetInt64(0), reader.GetInt64(1));
    }

    public PostgresWaitSampler StartWaitSampler() => PostgresWaitSampler.Start(_dataSource);

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    // An LSN prints as two hexadecimal halves, "16/B374D848".
    private static ulong ParseLsn(string lsn)
    {
        var slash = lsn.IndexOf('/');
        return (ulong.Parse(lsn.AsSpan(0, slash), NumberStyles.HexNumber, CultureInfo.InvariantCulture) << 32)
               | ulong.Parse(lsn.AsSpan(slash + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// User plus system CPU of the server's processes, read from <c>/proc</c>. A process id only counts when
    /// <c>/proc</c> shows a <c>postgres</c> process under it, so a server on another machine yields null rather
    /// than some unrelated local process's time.
    /// </summary>
    private static TimeSpan? ServerCpu(IEnumerable<int> processes)
    {
        long ticks = 0;
        var seen = false;
        foreach (var pid in processes)
        {
            try
            {
                if (File.ReadAllText($"/proc/{pid}/comm").Trim() != "postgres")
                {
                    continue;
                }

                // Fields after the parenthesised command name: state is the first, utime the 12th, stime the 13th.
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                seen = true;
            }
            catch (IOException)
            {
                // Gone since the query, or not on this machine.
            }
        }

        return seen ? TimeSpan.FromSeconds(ticks / TicksPerSecond) : null;
    }
}
