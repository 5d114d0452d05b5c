using System.Diagnostics;
using System.Net;
using DigitalTwin.BenchHost;
using DigitalTwin.Ingest;
using DigitalTwin.Ingest.Mqtt;

namespace DigitalTwin.Fleet;

/// <summary>
/// One run: start the silo, then step by step add connections, their twins' traffic and more twins, reading the
/// silo's memory after a forced full GC at each step; stop the silo whatever happened.
/// </summary>
public sealed class FleetBench(FleetBenchOptions options, TextWriter output, TextWriter log)
{
    private const string TwinIdPrefix = "fleet-twin-";
    private static readonly TimeSpan HealthTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan PubAckDrainTimeout = TimeSpan.FromSeconds(30);

    // The silo settles (start-up work, connection handshakes, deactivated twins' state written) before each reading.
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(5);

    /// <summary>0: clean run; 1: could not complete; 3: completed with errors; 130: cancelled.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        SiloProcess silo;
        try
        {
            silo = StartSilo();
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            await log.WriteLineAsync($"Could not start the silo: {ex.Message}");
            return 1;
        }

        EventHandler killOnExit = (_, _) => silo.Kill();
        AppDomain.CurrentDomain.ProcessExit += killOnExit;
        await using (silo)
        {
            try
            {
                using var api = new SiloApi(options.HttpPort);
                await api.WaitUntilHealthyAsync(silo, HealthTimeout, cancellationToken);
                await log.WriteLineAsync($"Silo healthy (pid {silo.Id}).");
                var report = await MeasureAsync(silo, api, cancellationToken);
                report.Write(output);
                return report.Errors.Count == 0 && report.SiloErrorLines == 0 ? 0 : 3;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await log.WriteLineAsync("Cancelled; stopping the silo.");
                return 130;
            }
            catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or HttpRequestException or System.Net.Sockets.SocketException
                                       or Microsoft.Diagnostics.NETCore.Client.DiagnosticsClientException)
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

    private async Task<FleetReport> MeasureAsync(SiloProcess silo, SiloApi api, CancellationToken cancellationToken)
    {
        var broker = new IPEndPoint(IPAddress.Loopback, options.MqttPort);
        var steps = new List<MemoryStep>();
        var errors = new BenchErrors();
        var loadBefore = MachineLoad.Read();
        await log.WriteLineAsync($"Load average before the run: {loadBefore.LoadAverage}.");

        steps.Add(await ReadStepAsync("silo started, no connections", 0, silo, api, cancellationToken));

        var window = new MeasurementWindow();
        var tally = new IngestTally(window);
        IngestWindow ingest;
        GcDumpReport? connectionsDump;
        var secrets = await options.Transport.IssueSecretsAsync(new Uri($"http://127.0.0.1:{options.HttpPort}"), DeviceFleet.IdsOf(options.Devices), cancellationToken);
        if (secrets is not null)
        {
            await log.WriteLineAsync($"Issued {secrets.Count:N0} device secrets ({options.Transport.Name}).");
        }

        await using (var fleet = new DeviceFleet(options.Devices, broker, MqttProtocol.V500, 64, tally, errors, options.Transport.Devices(), secrets))
        {
            var connectTime = await fleet.ConnectAsync(cancellationToken);
            var connected = fleet.Connected;
            await log.WriteLineAsync($"Connected {connected:N0} of {options.Devices:N0} devices in {connectTime.TotalSeconds:0.0} s.");
            steps.Add(await ReadStepAsync($"{connected:N0} connections, nothing published", connected, silo, api, cancellationToken));
            connectionsDump = await CollectGcDumpAsync(silo, "connections.gcdump", cancellationToken);

            fleet.Start(options.RatePerDevice);
            await log.WriteLineAsync($"Publishing {options.RatePerDevice} msg/s per device; warming up for {options.Warmup.TotalSeconds:0} s.");
            await Task.Delay(options.Warmup, cancellationToken);

            var siloCpuBefore = silo.ProcessorTime;
            var generatorCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var machineBefore = MachineLoad.Read();
            window.Open();
            await log.WriteLineAsync($"Measuring for {options.Duration.TotalSeconds:0} s.");
            await Task.Delay(options.Duration, cancellationToken);
            window.Close();
            var siloCpu = silo.ProcessorTime - siloCpuBefore;
            var generatorCpu = Process.GetCurrentProcess().TotalProcessorTime - generatorCpuBefore;
            var machineAfter = MachineLoad.Read();
            await fleet.StopAsync(PubAckDrainTimeout);
            ingest = new IngestWindow(
                connected, connectTime, window.Duration, fleet.CountSentWithin(window), tally.AcknowledgedInWindow, tally.PubAck.Summarize(),
                siloCpu, generatorCpu, machineAfter.BusyTime - machineBefore.BusyTime, machineBefore.LoadAverage, machineAfter.LoadAverage);

            steps.Add(await ReadStepAsync($"{connected:N0} connections, each with its active twin", connected, silo, api, cancellationToken));
        }

        steps.Add(await ReadStepAsync("devices disconnected, their twins active", 0, silo, api, cancellationToken));

        SeedFigures? seeding = null;
        if (options.Twins > 0)
        {
            seeding = await SeedAsync(broker, errors, silo, api, steps, cancellationToken);
        }

        return new FleetReport
        {
            Options = options,
            Machine = MachineDescription.Read(),
            Command = CommandLine(),
            SiloCommand = silo.CommandLine,
            BenchLimits = FileLimits.Read(Environment.ProcessId),
            SiloLimits = FileLimits.Read(silo.Id),
            Steps = steps,
            Ingest = ingest,
            Seeding = seeding,
            ConnectionsDump = connectionsDump,
            TwinsDump = await CollectGcDumpAsync(silo, "twins.gcdump", cancellationToken),
            Errors = errors.ByKind(),
            SiloWarningLines = silo.WarningLines,
            SiloErrorLines = silo.ErrorLines,
            SiloErrorSamples = silo.ErrorSamples(),
        };
    }

    /// <summary>Step 5: twins with one message each, then with <see cref="FleetBenchOptions.Points"/>.</summary>
    private async Task<SeedFigures> SeedAsync(EndPoint broker, BenchErrors errors, SiloProcess silo, SiloApi api, List<MemoryStep> steps, CancellationToken cancellationToken)
    {
        var seeder = new TwinSeeder(broker, TwinIdPrefix, errors);
        var started = Stopwatch.GetTimestamp();
        var acknowledged = await seeder.PublishAsync(options.Twins, options.SeedConnections, 1, 1, cancellationToken);
        var firstRound = Stopwatch.GetElapsedTime(started);
        await log.WriteLineAsync($"Brought {options.Twins:N0} twins to life ({acknowledged:N0} messages acknowledged) in {firstRound.TotalSeconds:0.0} s.");
        steps.Add(await ReadStepAsync($"+{options.Twins:N0} twins, 1 telemetry point each", 0, silo, api, cancellationToken));

        var moreRounds = TimeSpan.Zero;
        if (options.Points > 1)
        {
            started = Stopwatch.GetTimestamp();
            acknowledged += await seeder.PublishAsync(options.Twins, options.SeedConnections, 2, options.Points, cancellationToken);
            moreRounds = Stopwatch.GetElapsedTime(started);
            await log.WriteLineAsync($"Sent {options.Points - 1} more messages to each in {moreRounds.TotalSeconds:0.0} s.");
            steps.Add(await ReadStepAsync($"the same twins, {options.Points} telemetry points each", 0, silo, api, cancellationToken));
        }

        return new SeedFigures(options.Twins, options.Points, acknowledged, firstRound, moreRounds);
    }

    private async Task<GcDumpReport?> CollectGcDumpAsync(SiloProcess silo, string name, CancellationToken cancellationToken)
    {
        if (options.GcDumpDirectory is not { } directory)
        {
            return null;
        }

        Directory.CreateDirectory(directory);
        return await GcDumpReport.CollectAsync(silo.Id, Path.Combine(directory, name), log, cancellationToken);
    }

    private async Task<MemoryStep> ReadStepAsync(string name, int connections, SiloProcess silo, SiloApi api, CancellationToken cancellationToken)
    {
        await Task.Delay(Settle, cancellationToken);
        var heap = await HeapProbe.CollectAsync(silo.Id, cancellationToken);

        // The GC returns freed memory to the system after it ends; give it a moment so RSS shows it.
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        var resident = ProcessMemory.Read(silo.Id);
        long activeTwins;
        try
        {
            activeTwins = (await api.ReadCountersAsync(cancellationToken)).TwinsActive;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException or KeyNotFoundException
                                   && !cancellationToken.IsCancellationRequested)
        {
            activeTwins = -1;
        }

        var step = new MemoryStep(name, connections, activeTwins, FileLimits.OpenFiles(silo.Id), resident, heap);
        await log.WriteLineAsync($"  {name}: RSS {resident.ResidentKiB / 1024.0:N1} MiB, live managed {heap.LiveBytes / 1048576.0:N1} MiB, {activeTwins:N0} active twins, {step.OpenFiles:N0} open files.");
        return step;
    }

    private SiloProcess StartSilo()
    {
        string[] arguments =
        [
            $"--Urls=http://127.0.0.1:{options.HttpPort}",
            $"--Mqtt:Port={options.MqttPort}",
            $"--Orleans:SiloPort={options.SiloPort}",
            $"--Orleans:GatewayPort={options.GatewayPort}",
            "--Logging:LogLevel:Default=Warning",
            .. options.Transport.SiloArguments(options.MqttPort),
            .. options.SiloArguments,
        ];
        var shown = "dotnet " + string.Join(' ', [options.SiloPath!, .. arguments]);
        return SiloProcess.Start(options.SiloPath!, [options.MqttPort, options.HttpPort, options.SiloPort, options.GatewayPort], arguments, shown, log);
    }

    private static string CommandLine()
    {
        var line = Environment.CommandLine;
        return line.Split(' ', 2)[0].EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? "dotnet " + line : line;
    }
}
