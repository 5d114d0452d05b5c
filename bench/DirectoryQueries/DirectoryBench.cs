using System.Diagnostics;
using DigitalTwin.BenchHost;
using DigitalTwin.TestSupport;
using Npgsql;

namespace DigitalTwin.DirectoryQueries;

/// <summary>
/// One benchmark run: PostgreSQL (throwaway unless given), the silo on it, the seed, every scenario over
/// HTTP and in SQL, the report; the silo and the throwaway database are stopped whatever happened.
/// </summary>
public sealed class DirectoryBench(DirectoryBenchOptions options, TextWriter output, TextWriter log)
{
    private const string Database = "dtn_dirbench";

    private static readonly TimeSpan HealthTimeout = TimeSpan.FromSeconds(120);

    // The silo runs with the default Twins:InactivityTimeout; status filters and the seed both follow it.
    private static readonly TimeSpan InactivityTimeout = TimeSpan.FromMinutes(5);

    /// <summary>0: clean run; 1: the run could not complete; 3: completed, but with failed requests or inconsistent walks; 130: cancelled.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        PostgresServer? server = null;
        try
        {
            string connectionString;
            if (options.Postgres is { } given)
            {
                connectionString = given;
            }
            else
            {
                await log.WriteLineAsync("Starting a throwaway PostgreSQL 15.");
                server = await PostgresServer.StartAsync();
                connectionString = await server.CreateDatabaseAsync(Database);
            }

            return await RunOnAsync(connectionString, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await log.WriteLineAsync("Cancelled.");
            return 130;
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or HttpRequestException or NpgsqlException or System.ComponentModel.Win32Exception)
        {
            await log.WriteLineAsync($"FAILED: {ex.Message}");
            return 1;
        }
        finally
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }
        }
    }

    private async Task<int> RunOnAsync(string connectionString, CancellationToken cancellationToken)
    {
        var machine = MachineDescription.Read();
        var silo = StartSilo(connectionString);

        // Ctrl+C unwinds through the await using below; this covers SIGTERM and other ways out of the process.
        EventHandler killOnExit = (_, _) => silo.Kill();
        AppDomain.CurrentDomain.ProcessExit += killOnExit;
        await using (silo)
        {
            try
            {
                return await MeasureAsync(silo, machine, connectionString, cancellationToken);
            }
            catch (Exception ex) when (silo.HasExited && ex is not OperationCanceledException)
            {
                await log.WriteLineAsync($"The silo process exited with code {silo.ExitCode}. Its last output:");
                foreach (var line in silo.RecentLines())
                {
                    await log.WriteLineAsync($"[silo] {line}");
                }

                throw;
            }
            finally
            {
                AppDomain.CurrentDomain.ProcessExit -= killOnExit;
            }
        }
    }

    private async Task<int> MeasureAsync(SiloProcess silo, MachineDescription machine, string connectionString, CancellationToken cancellationToken)
    {
        using var client = new ListingClient(options.HttpPort, options.Concurrency);
        var started = Stopwatch.GetTimestamp();
        await client.WaitUntilHealthyAsync(silo, HealthTimeout, cancellationToken);
        await log.WriteLineAsync($"Silo healthy after {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s (pid {silo.Id}); it applied the schema.");

        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var seededAt = DateTimeOffset.UtcNow;
        await log.WriteLineAsync($"Seeding {options.Twins:N0} directory rows with SQL.");
        var seedTime = await DirectorySeed.SeedAsync(dataSource, options.Twins, seededAt, cancellationToken);
        var seed = await DirectorySeed.DescribeAsync(dataSource, DateTimeOffset.UtcNow - InactivityTimeout, cancellationToken);
        await log.WriteLineAsync($"Seeded in {seedTime.TotalSeconds:0.0} s: {seed}.");

        var loadBefore = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "unknown";
        var sqlTimings = new SqlTimings(dataSource, options.SqlRuns);
        var figures = new List<ScenarioFigures>();
        var plans = new List<(string Scenario, string Count, string Page)>();
        foreach (var scenario in QueryScenario.All(InactivityTimeout))
        {
            await log.WriteLineAsync($"  {scenario.Name}: GET /api/v1/twins?{scenario.Query}");
            var measured = await new ScenarioLoad(client, scenario, options.Concurrency).RunAsync(options.Warmup, options.Requests, cancellationToken);
            if (options.SqlRuns > 0)
            {
                measured = measured with { Sql = await sqlTimings.MeasureAsync(scenario.Sql, cancellationToken) };
            }

            if (measured.P99 > options.PlanAboveMilliseconds)
            {
                plans.Add((scenario.Name,
                    await sqlTimings.PlanAsync(scenario.Sql.CountSql, scenario.Sql.Parameters, cancellationToken),
                    await sqlTimings.PlanAsync(scenario.Sql.PageSql, scenario.Sql.Parameters, cancellationToken)));
            }

            figures.Add(measured);
        }

        var report = new DirectoryReport
        {
            Options = options,
            Machine = machine,
            Command = CommandLine(),
            SiloCommand = silo.CommandLine,
            PostgresVersion = await ScalarAsync(dataSource, "SHOW server_version", cancellationToken),
            Seed = seed,
            SeedTime = seedTime,
            SecondsSinceSeed = (DateTimeOffset.UtcNow - seededAt).TotalSeconds,
            LoadAverageBefore = loadBefore,
            Figures = figures,
            Plans = plans,
            SiloWarningLines = silo.WarningLines,
            SiloErrorLines = silo.ErrorLines,
        };
        report.Write(output);
        return figures.All(f => f.Failures == 0 && f.WalkProblems == 0) ? 0 : 3;
    }

    private static async Task<string> ScalarAsync(NpgsqlDataSource dataSource, string sql, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        return (string)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static string CommandLine()
    {
        // Environment.CommandLine holds the entry assembly and the arguments, without the host that ran them.
        var line = Environment.CommandLine;
        return line.Split(' ', 2)[0].EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? "dotnet " + line : line;
    }

    private SiloProcess StartSilo(string connectionString)
    {
        string[] common =
        [
            $"--Urls=http://127.0.0.1:{options.HttpPort}",
            $"--Mqtt:Port={options.MqttPort}",
            $"--Orleans:SiloPort={options.SiloPort}",
            $"--Orleans:GatewayPort={options.GatewayPort}",
            // Its own cluster id, so it never joins a cluster another silo keeps in the same database.
            "--Orleans:ClusterId=dtn-dirbench",
            "--Logging:LogLevel:Default=Warning",
        ];
        var shown = new NpgsqlConnectionStringBuilder(connectionString) { Password = null };
        var commandLine = string.Join(' ', (string[])["dotnet", options.SiloPath!, .. common, $"\"--Postgres:ConnectionString={shown}\"", .. options.SiloArguments]);
        return SiloProcess.Start(
            options.SiloPath!,
            [options.MqttPort, options.HttpPort, options.SiloPort, options.GatewayPort],
            [.. common, $"--Postgres:ConnectionString={connectionString}", .. options.SiloArguments],
            commandLine,
            log);
    }
}
