using System.Diagnostics;
using DigitalTwin.BenchHost;
using DigitalTwin.TestSupport;

namespace DigitalTwin.TwinReads;

/// <summary>One run: start the silo (and PostgreSQL if asked), seed the twins, warm up, measure with wrk, report, stop everything.</summary>
public sealed class TwinReadsBench(TwinReadsOptions options, TextWriter output, TextWriter log)
{
    private static readonly TimeSpan HealthTimeout = TimeSpan.FromSeconds(60);

    /// <summary>0: clean run; 1: could not complete; 3: completed with failed requests or silo errors; 130: cancelled.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        PostgresServer? throwaway = null;
        try
        {
            string? connectionString = options.Postgres;
            if (connectionString == TwinReadsOptions.ThrowawayPostgres)
            {
                throwaway = await PostgresServer.StartAsync();
                connectionString = await throwaway.CreateDatabaseAsync("dtn_twin_reads");
            }

            await using var silo = StartSilo(connectionString);

            // Ctrl+C unwinds through the await using; this covers SIGTERM and other ways out of the process.
            EventHandler killOnExit = (_, _) => silo.Kill();
            AppDomain.CurrentDomain.ProcessExit += killOnExit;
            try
            {
                var report = await MeasureAsync(silo, connectionString is null ? "in-memory silo" : "PostgreSQL silo", cancellationToken);
                report.Write(output);
                return report.IsClean ? 0 : 3;
            }
            catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or HttpRequestException
                                       or MQTTnet.Exceptions.MqttCommunicationException or System.Text.Json.JsonException)
            {
                await log.WriteLineAsync($"FAILED: {ex.Message}");
                if (silo.HasExited)
                {
                    await log.WriteLineAsync($"The silo process exited with code {silo.ExitCode}. Its last output:");
                    foreach (var line in silo.RecentLines())
                    {
                        await log.WriteLineAsync($"[silo] {line}");
                    }
                }

                return 1;
            }
            finally
            {
                AppDomain.CurrentDomain.ProcessExit -= killOnExit;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await log.WriteLineAsync("Cancelled; stopped the silo.");
            return 130;
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            await log.WriteLineAsync($"Could not start the silo or PostgreSQL: {ex.Message}");
            return 1;
        }
        finally
        {
            if (throwaway is not null)
            {
                await throwaway.DisposeAsync();
            }
        }
    }

    private async Task<TwinReadsReport> MeasureAsync(SiloProcess silo, string storage, CancellationToken cancellationToken)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{options.HttpPort}"),
            Timeout = TimeSpan.FromSeconds(60),
        };
        var started = Stopwatch.GetTimestamp();
        await silo.WaitUntilHealthyAsync(http, HealthTimeout, cancellationToken);
        await log.WriteLineAsync($"Silo healthy after {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s (pid {silo.Id}).");

        var seedTime = await new TwinSeed(http, options.MqttPort, log).RunAsync(options.Twins, cancellationToken);
        var wrk = new WrkRun(options);
        if (options.Warmup > TimeSpan.Zero)
        {
            await log.WriteLineAsync($"Warm-up: {wrk.CommandLine(options.Warmup)}");
            await wrk.RunAsync(options.Warmup, cancellationToken);
        }

        var loadBefore = MachineLoad.Read();
        await log.WriteLineAsync($"Measuring: {wrk.CommandLine(options.Duration)} (pid of the silo: {silo.Id}; load average {loadBefore.LoadAverage})");
        var siloCpu = silo.ProcessorTime;
        var benchCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var window = new MeasurementWindow();
        window.Open();
        var (figures, wrkOutput, wrkCpu) = await wrk.RunAsync(options.Duration, cancellationToken);
        window.Close();
        var loadAfter = MachineLoad.Read();
        var seconds = window.Duration.TotalSeconds;
        var siloCores = (silo.ProcessorTime - siloCpu).TotalSeconds / seconds;
        var benchCores = (Process.GetCurrentProcess().TotalProcessorTime - benchCpu).TotalSeconds / seconds;
        var wrkCores = wrkCpu.TotalSeconds / seconds;
        var allCores = (loadAfter.BusyTime - loadBefore.BusyTime).TotalSeconds / seconds;

        return new TwinReadsReport
        {
            Options = options,
            Machine = MachineDescription.Read(),
            Command = CommandLine(),
            SiloCommand = silo.CommandLine,
            WrkCommand = wrk.CommandLine(options.Duration),
            Storage = storage,
            SeedTime = seedTime,
            Wrk = figures,
            WrkOutput = wrkOutput,
            Cores = (siloCores, wrkCores, benchCores, Math.Max(0, allCores - siloCores - wrkCores - benchCores)),
            LoadAverageBefore = loadBefore.LoadAverage,
            LoadAverageAfter = loadAfter.LoadAverage,
            SiloMemory = ProcessMemory.Read(silo.Id),
            SiloWarningLines = silo.WarningLines,
            SiloErrorLines = silo.ErrorLines,
        };
    }

    private static string CommandLine()
    {
        // Environment.CommandLine holds the entry assembly and the arguments, without the host that ran them.
        var line = Environment.CommandLine;
        return line.Split(' ', 2)[0].EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? "dotnet " + line : line;
    }

    private SiloProcess StartSilo(string? connectionString)
    {
        string[] common =
        [
            $"--Urls=http://127.0.0.1:{options.HttpPort}",
            $"--Mqtt:Port={options.MqttPort}",
            $"--Orleans:SiloPort={options.SiloPort}",
            $"--Orleans:GatewayPort={options.GatewayPort}",
            "--Logging:LogLevel:Default=Warning",
        ];
        string[] storage = connectionString is null ? [] : [$"--Postgres:ConnectionString={connectionString}"];
        string[] shownStorage = connectionString is null ? [] : [$"\"--Postgres:ConnectionString={RedactPasswords(connectionString)}\""];
        var shown = string.Join(' ', (string[])["dotnet", options.SiloPath!, .. common, .. shownStorage, .. options.SiloArguments]);
        return SiloProcess.Start(
            options.SiloPath!, [options.MqttPort, options.HttpPort, options.SiloPort, options.GatewayPort], [.. common, .. storage, .. options.SiloArguments], shown, log);
    }

    private static string RedactPasswords(string text) =>
        System.Text.RegularExpressions.Regex.Replace(text, "(password|pwd)=[^;\\s]*", "$1=***", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
}
