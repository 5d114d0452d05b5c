using System.Text.Json;
using Npgsql;

namespace DigitalTwin.DirectoryQueries;

/// <summary>
/// The database's own time for a scenario's statements: planning plus execution as <c>EXPLAIN (ANALYZE)</c>
/// reports them, without the round trip, the silo or the JSON. The difference to the HTTP figures is
/// what lies outside PostgreSQL.
/// </summary>
public sealed class SqlTimings(NpgsqlDataSource dataSource, int runs)
{
    private const int WarmupRuns = 3;

    /// <summary>Median milliseconds of the count and of the page statement.</summary>
    public async Task<(double Count, double Page)> MeasureAsync(ScenarioSql sql, CancellationToken cancellationToken) =>
        (await MedianAsync(sql.CountSql, sql.Parameters, cancellationToken), await MedianAsync(sql.PageSql, sql.Parameters, cancellationToken));

    /// <summary>The plan in text form, for a look at a slow scenario.</summary>
    public async Task<string> PlanAsync(string statement, Func<NpgsqlParameter[]> parameters, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"EXPLAIN (ANALYZE, BUFFERS) {statement}");
        command.Parameters.AddRange(parameters());
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            lines.Add(reader.GetString(0));
        }

        return string.Join(Environment.NewLine, lines);
    }

    private async Task<double> MedianAsync(string statement, Func<NpgsqlParameter[]> parameters, CancellationToken cancellationToken)
    {
        var times = new List<double>(runs);
        for (var i = 0; i < WarmupRuns + runs; i++)
        {
            await using var command = dataSource.CreateCommand($"EXPLAIN (ANALYZE, FORMAT JSON) {statement}");
            command.Parameters.AddRange(parameters());
            var json = (string)(await command.ExecuteScalarAsync(cancellationToken))!;
            using var document = JsonDocument.Parse(json);
            var result = document.RootElement[0];
            if (i >= WarmupRuns)
            {
                times.Add(result.GetProperty("Planning Time").GetDouble() + result.GetProperty("Execution Time").GetDouble());
            }
        }

        times.Sort();
        return times[(times.Count - 1) / 2];
    }
}
