using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace DigitalTwin.TestSupport;

/// <summary>
/// Fills <c>dtn_twin_directory</c> straight from SQL, for bench/DirectoryQueries and the web dashboard's fleet
/// test over 100,000 twins. Going through the API would make the seed an ingestion benchmark of its own and take
/// many minutes; the listings read only this table, so rows shaped like the ones the directory writes are all the
/// queries need.
/// </summary>
public static class DirectorySeed
{
    /// <summary>The device types, most common first: the seed gives the first about a third of the twins and the last 5 %.</summary>
    public static readonly string[] Types =
    [
        "thermostat", "smart-meter", "occupancy-sensor", "air-quality", "light",
        "door-lock", "hvac-unit", "water-leak", "energy-monitor", "camera",
    ];

    public const int Buildings = 50;

    public const int Floors = 10;

    /// <summary>Seen twins seen within this long before the seed; with the default 5 min timeout they stay online for the run.</summary>
    public static readonly TimeSpan RecentWindow = TimeSpan.FromMinutes(2);

    // Columns come from independent pseudo-random draws u0..u13 in [0, 1): hashint4 of (row * 16 + k), so every
    // run seeds the same rows. Shares: 70 % of seen twins seen recently, 90 % of those announced online;
    // lifecycles 80 % active, 10 % pending (half never seen), 6 % suspended, 4 % decommissioned; 2 % tombstones.
    private static readonly string SeedSql = $"""
        INSERT INTO dtn_twin_directory (id, type, lifecycle, announced_presence, last_seen, metadata, state, created_at, last_updated, version, deleted)
        SELECT
            'dev-' || lpad(g::text, 7, '0'),
            (@types)[1 + floor(u0 * u0 * {Types.Length})::int],
            lifecycle,
            CASE WHEN never_seen THEN 'offline'
                 WHEN recent THEN CASE WHEN u6 < 0.9 THEN 'online' ELSE 'offline' END
                 ELSE CASE WHEN u6 < 0.3 THEN 'online' ELSE 'offline' END END,
            CASE WHEN never_seen THEN NULL
                 WHEN recent THEN @now - u4 * @recent_window
                 ELSE @now - interval '6 minutes' - u4 * interval '54 minutes' END,
            jsonb_build_object('location', 'building-' || (1 + floor(u7 * {Buildings})::int), 'floor', 1 + floor(u8 * {Floors})::int),
            jsonb_build_object('temperature', round((18 + u9 * 10)::numeric, 1), 'battery', floor(u4 * 100)::int),
            created_at,
            created_at + (@now - created_at) * u11,
            1 + floor(u12 * 1000)::bigint,
            u13 < 0.02
        FROM (
            SELECT *,
                (u2 >= 0.8 AND u2 < 0.9 AND u5 < 0.5) AS never_seen,
                u3 < 0.7 AS recent,
                CASE WHEN u2 < 0.8 THEN 'active' WHEN u2 < 0.9 THEN 'pending' WHEN u2 < 0.96 THEN 'suspended' ELSE 'decommissioned' END AS lifecycle,
                @now - u10 * interval '30 days' AS created_at
            FROM (
                SELECT g, {string.Join(", ", Enumerable.Range(0, 14).Select(k => $"(hashint4(g * 16 + {k})::bigint & 2147483647)::float8 / 2147483648 AS u{k}"))}
                FROM generate_series(1, @twins) AS g
            ) AS draws
        ) AS rows
        """;

    /// <summary>Seeds <paramref name="twins"/> rows at <paramref name="now"/>, then vacuums and analyzes the table; returns how long it took.</summary>
    public static async Task<TimeSpan> SeedAsync(NpgsqlDataSource dataSource, int twins, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await using (var existing = dataSource.CreateCommand("SELECT EXISTS (SELECT 1 FROM dtn_twin_directory)"))
        {
            // Never mix with, or delete, twins someone else keeps in this database.
            if ((bool)(await existing.ExecuteScalarAsync(cancellationToken))!)
            {
                throw new InvalidOperationException("dtn_twin_directory already holds rows; the benchmark needs an empty twin directory (use a fresh database).");
            }
        }

        await using (var seed = dataSource.CreateCommand(SeedSql))
        {
            seed.CommandTimeout = 600;
            seed.Parameters.AddWithValue("types", Types);
            seed.Parameters.AddWithValue("now", now.ToUniversalTime());
            seed.Parameters.AddWithValue("recent_window", RecentWindow);
            seed.Parameters.AddWithValue("twins", twins);
            await seed.ExecuteNonQueryAsync(cancellationToken);
        }

        // VACUUM as well as ANALYZE: it sets the visibility map as autovacuum would on a settled table, and
        // keeps autovacuum from starting on 100k fresh rows in the middle of the measurements.
        await using (var vacuum = dataSource.CreateCommand("VACUUM (ANALYZE) dtn_twin_directory"))
        {
            vacuum.CommandTimeout = 600;
            await vacuum.ExecuteNonQueryAsync(cancellationToken);
        }

        return Stopwatch.GetElapsedTime(started);
    }

    /// <summary>What was seeded, counted back from the table, for the report.</summary>
    public static async Task<string> DescribeAsync(NpgsqlDataSource dataSource, DateTimeOffset onlineSince, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT count(*), count(*) FILTER (WHERE deleted),
                   count(*) FILTER (WHERE NOT deleted AND announced_presence = 'online' AND last_seen >= @since),
                   count(*) FILTER (WHERE NOT deleted AND last_seen IS NULL),
                   count(DISTINCT type), count(DISTINCT metadata->>'location'),
                   pg_size_pretty(pg_total_relation_size('dtn_twin_directory'))
            FROM dtn_twin_directory
            """);
        command.Parameters.AddWithValue("since", onlineSince.ToUniversalTime());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{reader.GetInt64(0):N0} rows, {reader.GetInt64(1):N0} tombstones, {reader.GetInt64(2):N0} online, {reader.GetInt64(3):N0} never seen, {reader.GetInt64(4)} types, {reader.GetInt64(5)} buildings; table with indexes {reader.GetString(6)}");
    }
}
