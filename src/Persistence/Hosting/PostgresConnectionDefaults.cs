using System.Data.Common;
using Npgsql;

namespace DigitalTwin.Persistence.Hosting;

/// <summary>
/// What the platform adds to the configured connection string, for its own data source and Orleans' ADO.NET providers
/// alike. Its statements are few and repeated thousands of
/// times a second (queue reads, directory upserts, grain state), so Npgsql prepares the most used ones on the server
/// and PostgreSQL stops parsing and planning them for every execution. A connection string that sets
/// <c>Max Auto Prepare</c> itself keeps its value: 0 turns it off, as a connection pooler in transaction mode (such as
/// PgBouncer before 1.21) needs.
/// </summary>
internal static class PostgresConnectionDefaults
{
    /// <summary>Statements prepared per connection; more than the platform's hot statements, so none is evicted.</summary>
    public const int MaxAutoPrepare = 32;

    public static string Apply(string connectionString)
    {
        // Npgsql's own builder answers every keyword it knows, set or not: the plain one holds only what was written.
        var written = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (written.ContainsKey("Max Auto Prepare") || written.ContainsKey("MaxAutoPrepare"))
        {
            return connectionString;
        }

        return new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = MaxAutoPrepare }.ConnectionString;
    }
}
