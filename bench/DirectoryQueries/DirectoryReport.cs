using System.Globalization;
using DigitalTwin.BenchHost;

namespace DigitalTwin.DirectoryQueries;

/// <summary>The printed result of a run: how it was run, on what, and one table row per scenario.</summary>
public sealed class DirectoryReport
{
    public required DirectoryBenchOptions Options { get; init; }

    public required MachineDescription Machine { get; init; }

    public required string Command { get; init; }

    public required string SiloCommand { get; init; }

    public required string PostgresVersion { get; init; }

    public required string Seed { get; init; }

    public required TimeSpan SeedTime { get; init; }

    /// <summary>How long after the seed the last scenario finished: online counts shrink as seeded last_seen values age.</summary>
    public required double SecondsSinceSeed { get; init; }

    public required string LoadAverageBefore { get; init; }

    public required IReadOnlyList<ScenarioFigures> Figures { get; init; }

    public required IReadOnlyList<(string Scenario, string Count, string Page)> Plans { get; init; }

    public required int SiloWarningLines { get; init; }

    public required int SiloErrorLines { get; init; }

    public void Write(TextWriter output)
    {
        var o = CultureInfo.InvariantCulture;
        output.WriteLine();
        output.WriteLine("Twin directory queries (PostgreSQL)");
        output.WriteLine(string.Create(o, $"Command:    {Command}"));
        output.WriteLine(string.Create(o, $"Silo:       {SiloCommand}"));
        output.WriteLine(string.Create(o, $"Machine:    {Machine}"));
        output.WriteLine(string.Create(o, $"PostgreSQL: {PostgresVersion} ({(Options.Postgres is null ? "throwaway cluster, shared_buffers=256MB, defaults otherwise" : "given with --postgres")})"));
        output.WriteLine(string.Create(o, $"Seed:       {Seed}; by SQL in {SeedTime.TotalSeconds:0.0} s, then VACUUM (ANALYZE)"));
        output.WriteLine(string.Create(o, $"Load:       {LoadAverageBefore} (/proc/loadavg before the first scenario)"));
        output.WriteLine(string.Create(o, $"Requests:   {Options.Requests} measured after {Options.Warmup} warm-up per scenario (walks: at least one whole walk), concurrency {Options.Concurrency}, limit {ScenarioSql.PageLimit}"));
        output.WriteLine(string.Create(o, $"Silo log:   {SiloWarningLines} warn, {SiloErrorLines} fail/crit lines; last scenario ended {SecondsSinceSeed:0} s after the seed"));
        output.WriteLine();
        output.WriteLine("HTTP: request sent → whole body received, ms. SQL: median planning + execution of the directory's count / page statement (EXPLAIN ANALYZE), ms.");
        output.WriteLine();
        output.WriteLine("| Scenario | requests | p50 | p90 | p99 | max | rows | count | SQL count | SQL page |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var f in Figures)
        {
            var sql = f.Sql is { } s ? string.Create(o, $"{s.Count:0.00} | {s.Page:0.00}") : "– | –";
            output.WriteLine(string.Create(o, $"| {f.Scenario.Name} | {f.Requests:N0} | {f.P50:0.0} | {f.P90:0.0} | {f.P99:0.0} | {f.Max:0.0} | {Range(f.Rows)} | {Range(f.Count)} | {sql} |"));
        }

        output.WriteLine();
        foreach (var f in Figures)
        {
            output.WriteLine($"  {f.Scenario.Name}: GET /api/v1/twins?{f.Scenario.Query}");
            if (f.WalkCheck is not null)
            {
                output.WriteLine($"    walk: {f.WalkCheck}");
            }

            if (f.Failures > 0)
            {
                output.WriteLine(string.Create(o, $"    FAILED requests: {f.Failures}, first: {f.FirstFailure}"));
            }
        }

        foreach (var (scenario, count, page) in Plans)
        {
            output.WriteLine();
            output.WriteLine(string.Create(o, $"Plans of '{scenario}' (HTTP p99 above {Options.PlanAboveMilliseconds} ms):"));
            output.WriteLine("count:");
            output.WriteLine(count);
            output.WriteLine("page:");
            output.WriteLine(page);
        }
    }

    private static string Range((int Low, int High) range) => range.Low == range.High
        ? range.Low.ToString("N0", CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{range.Low:N0}–{range.High:N0}");
}
