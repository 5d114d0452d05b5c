using System.Diagnostics;
using DigitalTwin.BenchHost;

namespace DigitalTwin.Commands;

/// <summary>
/// One benchmark run: start the silo, create the twins, connect the acking devices, run the round trip,
/// fire-and-forget and job scenarios in turn, report, and stop the silo whatever happened.
/// </summary>
public sealed class CommandBench(CommandBenchOptions options, TextWriter output, TextWriter log)
{
    /// <summary>How long a round-trip POST asks the API to wait for the ack (<c>?wait=10s</c>).</summary>
    public static readonly TimeSpan RoundTripWait = TimeSpan.FromSeconds(10);

    /// <summary>The metadata group every bench twin is in; the job selects on it.</summary>
    public const string Group = "g1";

    private static readonly TimeSpan HealthTimeout = TimeSpan.FromSeconds(60);

    /// <summary>0: clean run; 1: could not complete; 3: completed with failures or errors; 130: cancelled.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        PostgresUnderTest? postgres = null;
        string? connectionString = null;
        if (options.Storage == StorageMode.Postgres)
        {
            try
            {
                postgres = await PostgresUnderTest.StartAsync(options.PostgresConnectionString);
                connectionString = await postgres.CreateDatabaseAsync();
            }
            catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception or IOException)
            {
                await log.WriteLineAsync($"Could not start a throwaway PostgreSQL or create the run's database (pass --postgres <connection string> to use a running server): {ex.Message}");
                if (postgres is not null)
                {
                    await postgres.DisposeAsync();
                }

                return 1;
            }

            await log.WriteLineAsync($"PostgreSQL: {postgres.Description}.");
        }

        await using (postgres)
        {
            return await RunSiloAsync(postgres, connectionString, cancellationToken);
        }
    }

    private async Task<int> RunSiloAsync(PostgresUnderTest? postgres, string? connectionString, CancellationToken cancellationToken)
    {
        SiloProcess silo;
        try
        {
            silo = StartSilo(connectionString is null ? [] : [$"--Postgres:ConnectionString={connectionString}"]);
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            await log.WriteLineAsync($"Could not start the silo: {ex.Message}");
            return 1;
        }

        // Ctrl+C unwinds through the await using below; this covers SIGTERM and other ways out of the process.
        EventHandler killOnExit = (_, _) => silo.Kill();
        AppDomain.CurrentDomain.ProcessExit += killOnExit;
        await using (silo)
        {
            try
            {
                var report = await MeasureAsync(new SystemUnderTest(silo, postgres), cancellationToken);
                report.Write(output);
                return report.IsClean ? 0 : 3;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await log.WriteLineAsync("Cancelled; stopping the silo.");
                return 130;
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
    }

    private async Task<CommandReport> MeasureAsync(SystemUnderTest system, CancellationToken cancellationToken)
    {
        var silo = system.Silo;
        var machine = MachineDescription.Read();
        var loadBefore = MachineLoad.Read().LoadAverage;
        await log.WriteLineAsync($"Load average before the run: {loadBefore} on {machine.Cores} cores.");
        using var api = new PlatformApi(options.HttpPort, options.Clients + 4);
        var started = Stopwatch.GetTimestamp();
        await api.WaitUntilHealthyAsync(silo, HealthTimeout, cancellationToken);
        await log.WriteLineAsync($"Silo healthy after {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s (pid {silo.Id}).");

        var twinIds = AckingFleet.IdsFor(options.Devices);
        started = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(
            twinIds,
            new ParallelOptions { MaxDegreeOfParallelism = options.Clients, CancellationToken = cancellationToken },
            async (id, token) => await api.CreateTwinAsync(id, Group, token));
        var createTime = Stopwatch.GetElapsedTime(started);
        await log.WriteLineAsync($"Created {twinIds.Count} {PlatformApi.DeviceType} twins in {createTime.TotalSeconds:0.0} s.");

        var ledger = new CommandLedger();
        var deviceErrors = new BenchErrors();
        var secrets = await options.Transport.IssueSecretsAsync(new Uri($"http://127.0.0.1:{options.HttpPort}"), twinIds, cancellationToken);
        if (secrets is not null)
        {
            await log.WriteLineAsync($"Issued {secrets.Count} device secrets ({options.Transport.Name}).");
        }

        await using var fleet = new AckingFleet(twinIds, options.MqttPort, options.Transport.Devices(), secrets, options.ExecutionDelay, ledger, deviceErrors);
        var connectTime = await fleet.ConnectAsync(cancellationToken);
        var connected = fleet.Connected;
        await log.WriteLineAsync($"Connected {connected} of {twinIds.Count} devices (subscribed, online) in {connectTime.TotalSeconds:0.0} s.");
        if (connected < twinIds.Count)
        {
            throw new InvalidOperationException($"Only {connected} of {twinIds.Count} devices connected; device errors: {string.Join(", ", deviceErrors.ByKind().Select(e => $"{e.Key} x{e.Value}"))}.");
        }

        await log.WriteLineAsync($"Round trip: {options.Clients} clients, POST .../command?wait={RoundTripWait.TotalSeconds:0}s; warm-up {options.Warmup.TotalSeconds:0} s.");
        var roundTrip = await new RoundTripScenario(api, twinIds, ledger).RunAsync(options, system, log, cancellationToken);

        await log.WriteLineAsync($"Fire and forget: {options.Clients} clients, POST .../command without wait; warm-up {options.Warmup.TotalSeconds:0} s.");
        var fireAndForget = await new FireAndForgetScenario(api, twinIds, ledger).RunAsync(options, system, log, cancellationToken);

        await log.WriteLineAsync($"Job: one command job to the {twinIds.Count} twins of metadata.group={Group}.");
        var job = await new JobScenario(api, ledger).RunAsync(system, cancellationToken);

        return new CommandReport
        {
            Options = options,
            Machine = machine,
            Command = CommandLine(),
            SiloCommand = silo.CommandLine,
            LoadAverageBefore = loadBefore,
            TwinCreateTime = createTime,
            ConnectTime = connectTime,
            RoundTrip = roundTrip,
            FireAndForget = fireAndForget,
            Job = job,
            DeviceErrors = deviceErrors.ByKind(),
            SiloWarningLines = silo.WarningLines,
            SiloErrorLines = silo.ErrorLines,
            SiloMemory = ProcessMemory.Read(silo.Id),
            Postgres = system.Postgres?.Description,
        };
    }

    private static string CommandLine()
    {
        // Environment.CommandLine holds the entry assembly and the arguments, without the host that ran them.
        var line = PostgresUnderTest.RedactPasswords(Environment.CommandLine);
        return line.Split(' ', 2)[0].EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? "dotnet " + line : line;
    }

    /// <summary>Starts the silo; <paramref name="storageArguments"/> configure the storage mode, before the user's <c>--silo-arg</c>s.</summary>
    private SiloProcess StartSilo(IReadOnlyList<string> storageArguments)
    {
        string[] arguments =
        [
            $"--Urls=http://127.0.0.1:{options.HttpPort}",
            $"--Mqtt:Port={options.MqttPort}",
            $"--Orleans:SiloPort={options.SiloPort}",
            $"--Orleans:GatewayPort={options.GatewayPort}",
            "--Logging:LogLevel:Default=Warning",
            .. storageArguments,
            .. options.Transport.SiloArguments(options.MqttPort),
            .. options.SiloArguments,
        ];
        var shown = "dotnet " + string.Join(' ', ((string[])[options.SiloPath!, .. arguments]).Select(PostgresUnderTest.RedactPasswords));
        return SiloProcess.Start(options.SiloPath!, [options.MqttPort, options.HttpPort, options.SiloPort, options.GatewayPort], arguments, shown, log);
    }
}
