using DigitalTwin.Persistence.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace DigitalTwin.Persistence.Schema;

/// <summary>
/// Applies the embedded schema files in ordinal order, each in its own transaction, and records each in
/// <c>dtn_schema_migrations</c> with the checksum of its text. Several silos may start at once: a
/// session-level advisory lock lets one migrate while the others wait and then find nothing to do.
/// </summary>
internal sealed partial class SchemaMigrator(IOptions<PostgresOptions> options, ILogger<SchemaMigrator> logger) : ISchemaMigrator
{
    // Any constant works as long as every build uses the same one; these bytes spell "dtnschem".
    private const long LockKey = 0x64746E7363686D;

    // Schema files may build indexes on large tables; the lock wait has no limit of its own because a
    // waiting silo can only proceed once the migrating one is done.
    private const int ScriptTimeoutSeconds = 600;

    private const string CreateHistory = """
        CREATE TABLE IF NOT EXISTS dtn_schema_migrations
        (
            name       varchar(200) NOT NULL PRIMARY KEY,
            applied_at timestamptz  NOT NULL DEFAULT now(),
            checksum   char(64)     NOT NULL
        )
        """;

    public async Task<int> MigrateAsync(CancellationToken cancellationToken)
    {
        var scripts = SchemaScript.LoadEmbedded();
        await using var connection = new NpgsqlConnection(options.Value.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        LogWaitingForLock(logger, connection.Host, connection.Database);
        await ExecuteAsync(connection, "SELECT pg_advisory_lock(@key)", timeoutSeconds: 0, cancellationToken, new NpgsqlParameter("key", LockKey));
        try
        {
            await ExecuteAsync(connection, CreateHistory, ScriptTimeoutSeconds, cancellationToken);
            var applied = await ReadAppliedAsync(connection, cancellationToken);
            Verify(scripts, applied);

            var count = 0;
            foreach (var script in scripts.Where(script => !applied.ContainsKey(script.Name)))
            {
                await ApplyAsync(connection, script, cancellationToken);
                count++;
            }

            LogUpToDate(logger, count, scripts.Count);
            return count;
        }
        finally
        {
            // Closing would not release the lock: the pooled session lives on until it is reused.
            if (connection.State == System.Data.ConnectionState.Open)
            {
                await ExecuteAsync(connection, "SELECT pg_advisory_unlock(@key)", ScriptTimeoutSeconds, CancellationToken.None, new NpgsqlParameter("key", LockKey));
            }
        }
    }

    /// <summary>Refuses to go on when an applied file has changed since: the database no longer matches it.</summary>
    private void Verify(IReadOnlyList<SchemaScript> scripts, Dictionary<string, string> applied)
    {
        var known = scripts.ToDictionary(script => script.Name, StringComparer.Ordinal);
        foreach (var (name, checksum) in applied)
        {
            if (!known.TryGetValue(name, out var script))
            {
                LogUnknownApplied(logger, name);
            }
            else if (!string.Equals(script.Checksum, checksum, StringComparison.Ordinal))
            {
                throw new InvalidOperationException(
                    $"Schema file {name} was applied with checksum {checksum} but this build has {script.Checksum}. " +
                    "An applied schema file must never change: put the change in a new file with a higher number.");
            }
        }
    }

    private async Task ApplyAsync(NpgsqlConnection connection, SchemaScript script, CancellationToken cancellationToken)
    {
        LogApplying(logger, script.Name);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, script.Sql, ScriptTimeoutSeconds, cancellationToken);
        await ExecuteAsync(
            connection,
            "INSERT INTO dtn_schema_migrations (name, checksum) VALUES (@name, @checksum)",
            ScriptTimeoutSeconds,
            cancellationToken,
            new NpgsqlParameter("name", script.Name),
            new NpgsqlParameter("checksum", script.Checksum));
        await transaction.CommitAsync(cancellationToken);
        LogApplied(logger, script.Name);
    }

    private static async Task<Dictionary<string, string>> ReadAppliedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT name, checksum FROM dtn_schema_migrations", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var applied = new Dictionary<string, string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            applied[reader.GetString(0)] = reader.GetString(1);
        }

        return applied;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, int timeoutSeconds, CancellationToken cancellationToken, params NpgsqlParameter[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = timeoutSeconds };
        command.Parameters.AddRange(parameters);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Migrating the PostgreSQL schema of {Host}/{Database}: waiting for the migration lock")]
    private static partial void LogWaitingForLock(ILogger logger, string? host, string? database);

    [LoggerMessage(Level = LogLevel.Information, Message = "Applying schema file {Name}")]
    private static partial void LogApplying(ILogger logger, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied schema file {Name}")]
    private static partial void LogApplied(ILogger logger, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The database has schema file {Name} applied, which this build does not ship: is an older build running against a newer database?")]
    private static partial void LogUnknownApplied(ILogger logger, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "The PostgreSQL schema is up to date: {Applied} schema files applied now, {Known} in this build")]
    private static partial void LogUpToDate(ILogger logger, int applied, int known);
}
