using Npgsql;

namespace DigitalTwin.DirectoryQueries;

/// <summary>
/// The two statements <c>PostgresTwinDirectory.QueryAsync</c> sends for one listing (the count and the page,
/// in one batch), written out for <c>EXPLAIN ANALYZE</c>. They must follow that class: same WHERE clause,
/// same ORDER BY, LIMIT one more than the page, values as parameters.
/// </summary>
public sealed record ScenarioSql(string Where, string Order, Func<NpgsqlParameter[]> Parameters, int Offset = 0, string After = "")
{
    private const string Columns = "id, type, lifecycle, announced_presence, last_seen, metadata, state, created_at, last_updated, version";

    public const int PageLimit = 100;

    public string CountSql => $"SELECT count(*) FROM dtn_twin_directory WHERE {Where}";

    public string PageSql => $"SELECT {Columns} FROM dtn_twin_directory WHERE {Where}{After} ORDER BY {Order} LIMIT {PageLimit + 1} OFFSET {Offset}";
}
