using System.Diagnostics;
using System.Globalization;
using DigitalTwin.BenchHost;

namespace DigitalTwin.Ingest;

/// <summary>
/// One benchmark run: start the silo, connect the devices and the update subscriber, warm up, measure,
/// drain, report, and stop the silo whatever happened.
/// </summary>
public sealed class IngestBench(IngestBenchOptions options, TextWriter output, TextWriter log)
{
    private readonly Dictionary<string, SiloTransport> _siloTransports = [];

    private static readonly TimeSpan HealthTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan PubAckDrainTimeout = TimeSpan.FromSeconds(30);

    // Updates may lag PUBACKs (they travel through the device stream); wait for them, but not forever.
    private static readonly TimeSpan UpdateQuietTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan UpdateDrainTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(5);

    // Lets the previous silo's threads and sockets wind down so the next mode starts on a quiet machine.
    private static readonly TimeSpan PauseBetweenModes = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Runs every storage mode in turn, then compares them, then Mosquitto when asked; or only the broker given with
    /// <c>--broker</c>. 0: clean runs; 1: a run could not complete; 3: completed, but with errors or missing
    /// updates; 130: cancelled.
    /// </summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        if (options.Broker is not null)
        {
            return (await RunExternalBrokerAsync(cancellationToken)).ExitCode;
        }

        var (exitCode, reports) = await RunSilosAsync(cancellationToken);
        if (exitCode == 130 || !options.CompareMosquitto)
        {
            return exitCode;
        }

        await Task.Delay(PauseBetweenModes, cancellationToken);
        await log.WriteLineAsync("--- reference: mosquitto ---");
        var (code, mosquitto) = await RunMosquittoAsync(cancellationToken);
        if (code == 130)
        {
            return code;
        }

        if (mosquitto is not null && reports.Count > 0)
        {
            MosquittoComparison.Write(output, reports, mosquitto);
        }

        return Combine(exitCode, code);
    }

    // A run that could not complete outranks one that completed with errors.
    private static int Combine(int exitCode, int code) => exitCode == 1 || code == 1 ? 1 : Math.Max(exitCode, code);

    private static int ExitCodeOf(IngestReport report) =>
        report.ErrorCount == 0 && report.MissingUpdates == 0 && report.SiloErrorLines == 0 ? 0 : 3;

    private async Task<(int ExitCode, IReadOnlyList<IngestReport> Reports)> RunSilosAsync(CancellationToken cancellationToken)
    {
        PostgresUnderTest? postgres = null;
        if (options.Storage.Contains(StorageMode.Postgres))
        {
            try
            {
                postgres = await PostgresUnderTest.StartAsync(options.PostgresConnectionString);
            }
            catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception or IOException)
            {
                await log.WriteLineAsync($"Could not start a throwaway PostgreSQL (pass --postgres <connection string> to use a running server): {ex.Message}");
                return (1, []);
            }

            await log.WriteLineAsync($"PostgreSQL: {postgres.Description}.");
        }

        await using (postgres)
        {
            var reports = new List<IngestReport>();
            var exitCode = 0;
            var runs = options.Storage.SelectMany(mode => options.Transports.Select(transport => (Mode: mode, Transport: transport))).ToList();
            for (var i = 0; i < runs.Count; i++)
            {
                if (i > 0)
                {
                    await Task.Delay(PauseBetweenModes, cancellationToken);
                }

                var (mode, transport) = runs[i];
                await log.WriteLineAsync($"--- storage: {mode.ToString().ToLowerInvariant()}, transport: {transport} ---");
                var (code, report) = await RunModeAsync(mode, transport, postgres, cancellationToken);
                if (code == 130)
                {
                    return (code, reports);
                }

                if (report is not null)
                {
                    reports.Add(report);
                }

                exitCode = Combine(exitCode, code);
            }

            if (reports.Count > 1)
            {
                StorageComparison.Write(output, reports);
            }

            return (exitCode, reports);
        }
    }

    private async Task<(int ExitCode, IngestReport? Report)> RunMosquittoAsync(CancellationToken cancellationToken)
    {
        MosquittoBroker mosquitto;
        try
        {
            mosquitto = await MosquittoBroker.StartAsync(options.MosquittoPath, options.InFlight, cancellationToken);
        }
        catch (InvalidOperationException ex)
        {
            await log.WriteLineAsync($"Could not start Mosquitto: {ex.Message}");
            return (1, null);
        }

        await using (mosquitto)
        {
            return await RunBrokerAsync(mosquitto, cancellationToken);
        }
    }

    private async Task<(int ExitCode, IngestReport? Report)> RunExternalBrokerAsync(CancellationToken cancellationToken)
    {
        System.Diagnostics.Process? process = null;
        if (options.BrokerProcessId is { } pid)
        {
            try
            {
                process = System.Diagnostics.Process.GetProcessById(pid);
            }
            catch (ArgumentException)
            {
                await log.WriteLineAsync($"--broker-pid {pid}: no such process on this machine.");
                return (1, null);
            }
        }

        using var broker = new ExternalBroker(options.Broker!, options.BrokerEndpoint!, process);
        return await RunBrokerAsync(broker, cancellationToken);
    }

    private async Task<(int ExitCode, IngestReport? Report)> RunBrokerAsync(IBrokerUnderTest broker, CancellationToken cancellationToken)
    {
        try
        {
            // Mosquitto, as the bench starts it, listens in plain only.
            var transport = broker is ExternalBroker ? ExternalTransport() : BrokerTransport.Plain(options.Username, options.Password);
            var report = await MeasureAsync(broker, transport, null, null, null, cancellationToken);
            return (ExitCodeOf(report), report);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await log.WriteLineAsync("Cancelled.");
            return (130, null);
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or System.Net.Sockets.SocketException)
        {
            await log.WriteLineAsync($"FAILED: {ex.Message}");
            return (1, null);
        }
    }

    private async Task<(int ExitCode, IngestReport? Report)> RunModeAsync(StorageMode mode, string transportName, PostgresUnderTest? postgres, CancellationToken cancellationToken)
    {
        string? connectionString = null;
        if (mode == StorageMode.Postgres)
        {
            try
            {
                connectionString = await postgres!.CreateDatabaseAsync();
            }
            catch (InvalidOperationException ex)
            {
                await log.WriteLineAsync($"Could not create the run's database: {ex.Message}");
                return (1, null);
            }
        }

        var siloTransport = SiloTransportOf(transportName);
        SiloProcess silo;
        try
        {
            string[] storage = connectionString is null ? [] : [$"--Postgres:ConnectionString={connectionString}"];
            silo = StartSilo([.. storage, .. siloTransport.SiloArguments(options.MqttPort)]);
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            await log.WriteLineAsync($"Could not start the silo: {ex.Message}");
            return (1, null);
        }

        // Ctrl+C unwinds through the await using below; this covers SIGTERM and other ways out of the process.
        EventHandler killOnExit = (_, _) => silo.Kill();
        AppDomain.CurrentDomain.ProcessExit += killOnExit;
        await using (silo)
        {
            PostgresProbe? probe = connectionString is null ? null : new PostgresProbe(connectionString);
            await using (probe)
            {
                try
                {
                    using var api = new SiloApi(options.HttpPort);
                    var started = Stopwatch.GetTimestamp();
                    await api.WaitUntilHealthyAsync(silo, HealthTimeout, cancellationToken);
                    await log.WriteLineAsync($"Silo healthy after {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s (pid {silo.Id}).");
                    var issuing = Stopwatch.GetTimestamp();
                    var secrets = await siloTransport.IssueSecretsAsync(api.Address, DeviceFleet.IdsOf(options.Devices), cancellationToken);
                    if (secrets is not null)
                    {
                        await log.WriteLineAsync($"Issued {secrets.Count} device secrets in {Stopwatch.GetElapsedTime(issuing).TotalSeconds:0.0} s.");
                    }

                    var report = await MeasureAsync(new SiloBroker(silo, options.MqttPort, mode), siloTransport.Devices(options.Username, options.Password), new SiloUnderTest(silo, api, mode), probe, postgres?.Description, cancellationToken, secrets);
                    return (ExitCodeOf(report), report);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    await log.WriteLineAsync("Cancelled; stopping the silo.");
                    return (130, null);
                }
                catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or HttpRequestException or System.Net.Sockets.SocketException
                                           or MQTTnet.Exceptions.MqttCommunicationException or Npgsql.NpgsqlException)
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

                    return (1, null);
                }
                finally
                {
                    AppDomain.CurrentDomain.ProcessExit -= killOnExit;
                }
            }
        }
    }

    private async Task<IngestReport> MeasureAsync(IBrokerUnderTest broker, BrokerTransport transport, SiloUnderTest? silo, PostgresProbe? probe, string? server, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? secrets = null)
    {
        var machine = MachineDescription.Read();
        var loadBefore = MachineLoad.Read();
        await log.WriteLineAsync($"Load average before the run: {loadBefore.LoadAverage} on {machine.Cores} cores.");
        var settings = probe is null ? null : await probe.ReadSettingsAsync(cancellationToken);

        var window = new MeasurementWindow();
        var tally = new IngestTally(window);
        var errors = new BenchErrors();
        await using var fleet = new DeviceFleet(options.Devices, broker.Endpoint, options.Protocol, options.InFlight, tally, errors, transport, secrets);
        await using IAsyncDisposable? listener = silo is null
            ? null
            : options.UpdatesVia == UpdatePath.Mqtt
                ? await TwinUpdateListener.ConnectAsync(options.MqttPort, options.UpdateQos, fleet.ById, tally, errors, transport, cancellationToken)
                : await FeedUpdateListener.ConnectAsync(options.HttpPort, options.UpdatesVia, fleet.ById, tally, errors, cancellationToken);

        var connectTime = await fleet.ConnectAsync(cancellationToken);
        var connected = fleet.Connected;
        await log.WriteLineAsync($"Connected {connected} of {options.Devices} devices in {connectTime.TotalSeconds:0.0} s; at most {fleet.Window} messages in flight per device.");
        if (connected == 0)
        {
            throw new InvalidOperationException("No device could connect to the broker.");
        }

        fleet.Start(options.RatePerDevice);
        await log.WriteLineAsync($"Warming up for {options.Warmup.TotalSeconds:0} s.");
        await RunPhaseAsync(broker, "warm-up", options.Warmup, elapsed => ReportProgress("warm-up", tally, errors, elapsed), cancellationToken);

        var before = silo is null ? null : await TryReadCountersAsync(silo.Api, cancellationToken);
        var databaseBefore = probe is null ? null : await probe.ReadSnapshotAsync(cancellationToken);
        var waits = probe?.StartWaitSampler();
        var brokerCpuBefore = broker.ProcessorTime;
        var generatorCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var machineBefore = MachineLoad.Read();
        window.Open();
        await log.WriteLineAsync($"Measuring for {options.Duration.TotalSeconds:0} s.");
        await RunPhaseAsync(broker, "measurement", options.Duration, elapsed => ReportProgress("window ", tally, errors, elapsed), cancellationToken);
        window.Close();
        var brokerCpu = broker.ProcessorTime - brokerCpuBefore;
        var generatorCpu = Process.GetCurrentProcess().TotalProcessorTime - generatorCpuBefore;
        var machineAfter = MachineLoad.Read();
        var after = silo is null ? null : await TryReadCountersAsync(silo.Api, cancellationToken);
        var databaseAfter = probe is null ? null : await probe.ReadSnapshotAsync(cancellationToken);
        var waitProfile = waits is null ? null : await waits.StopAsync();

        await log.WriteLineAsync(silo is null ? "Stopping devices; waiting for outstanding PUBACKs." : "Stopping devices; waiting for outstanding PUBACKs and twin updates.");
        await fleet.StopAsync(PubAckDrainTimeout);
        if (silo is not null)
        {
            await WaitForUpdatesAsync(tally, cancellationToken);
        }

        if (broker.ExitDescription is { } exited)
        {
            throw new InvalidOperationException($"{exited} while the bench drained.");
        }

        PostgresUsage? usage = null;
        if (probe is not null && databaseBefore is not null && databaseAfter is not null && waitProfile is not null)
        {
            (long Count, string Source) accepted = before is { } b && after is { } a
                ? (a.Accepted - b.Accepted, "silo messages.accepted between the snapshots")
                : (tally.AcknowledgedInWindow, "PUBACKs in window; silo metrics did not answer");
            usage = new PostgresUsage
            {
                Server = server ?? "",
                Settings = settings ?? "",
                Before = databaseBefore,
                After = databaseAfter,
                Batches = await probe.ReadLogBatchesAsync(databaseBefore.TransactionId, databaseAfter.TransactionId, cancellationToken),
                Waits = waitProfile,
                Accepted = accepted.Count,
                AcceptedSource = accepted.Source,
                Window = window.Duration,
            };
        }

        var report = new IngestReport
        {
            Options = options,
            Target = broker.Name,
            Storage = silo?.Storage,
            Transport = transport.Name,
            Postgres = usage,
            Machine = machine,
            Command = CommandLine(),
            BrokerCommand = broker.Command,
            BrokerProcessId = broker.ProcessId,
            ConnectedDevices = connected,
            InFlight = fleet.Window,
            ConnectTime = connectTime,
            Window = window.Duration,
            SentInWindow = fleet.CountSentWithin(window),
            AcknowledgedInWindow = tally.AcknowledgedInWindow,
            AcknowledgedSentInWindow = tally.AcknowledgedSentInWindow,
            ExpectsTwinUpdates = silo is not null,
            UpdatesSentInWindow = tally.UpdatesSentInWindow,
            UnmatchedUpdates = tally.UnmatchedUpdates,
            UpdatesWithoutSeq = tally.UpdatesWithoutSeq,
            AcknowledgedWholeRun = tally.Acknowledged,
            UpdatesWholeRun = tally.Updates,
            PubAck = tally.PubAck.Summarize(),
            TwinUpdate = tally.TwinUpdate.Summarize(),
            CountersBefore = before,
            CountersAfter = after,
            CountersAtEnd = silo is null ? null : await TryReadCountersAsync(silo.Api, cancellationToken),
            Errors = errors.ByKind(),
            SiloWarningLines = silo?.Process.WarningLines ?? 0,
            SiloErrorLines = silo?.Process.ErrorLines ?? 0,
            BrokerMemory = broker.ProcessId is { } pid ? ProcessMemory.Read(pid) : null,
            BrokerCpuInWindow = brokerCpu,
            GeneratorCpuInWindow = generatorCpu,
            MachineCpuInWindow = machineAfter.BusyTime - machineBefore.BusyTime,
            LoadAverageBefore = loadBefore.LoadAverage,
            LoadAverageAfterWindow = machineAfter.LoadAverage,
        };
        report.Write(output);
        return report;
    }

    /// <summary>Waits out a phase, failing as soon as the broker's process exits; calls <paramref name="progress"/> every five seconds.</summary>
    private static async Task RunPhaseAsync(IBrokerUnderTest broker, string phase, TimeSpan length, Action<TimeSpan>? progress, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var nextProgress = ProgressInterval;
        while (true)
        {
            var elapsed = Stopwatch.GetElapsedTime(started);
            var remaining = length - elapsed;
            if (remaining <= TimeSpan.Zero)
            {
                return;
            }

            if (progress is not null && elapsed >= nextProgress)
            {
                progress(elapsed);
                nextProgress += ProgressInterval;
            }

            var step = remaining < TimeSpan.FromSeconds(1) ? remaining : TimeSpan.FromSeconds(1);
            using var tick = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            tick.CancelAfter(step);
            try
            {
                await broker.WaitForExitAsync(tick.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                continue;
            }

            cancellationToken.ThrowIfCancellationRequested();
            throw new InvalidOperationException($"{broker.ExitDescription ?? "the broker stopped"} during the {phase}.");
        }
    }

    // Running totals of the whole run, so a stalling path (PUBACKs rising, updates not) shows while it happens.
    private void ReportProgress(string phase, IngestTally tally, BenchErrors errors, TimeSpan elapsed) =>
        log.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"  {phase} {elapsed.TotalSeconds,3:0} s: {tally.Acknowledged,10:N0} PUBACKs, {tally.Updates,10:N0} twin updates received, {errors.Total:N0} errors"));

    private async Task WaitForUpdatesAsync(IngestTally tally, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var lastProgress = started;
        var lastCount = tally.UpdatesSentInWindow;
        while (tally.UpdatesOutstanding > 0 && Stopwatch.GetElapsedTime(started) < UpdateDrainTimeout)
        {
            await Task.Delay(100, cancellationToken);
            var count = tally.UpdatesSentInWindow;
            if (count != lastCount)
            {
                lastCount = count;
                lastProgress = Stopwatch.GetTimestamp();
            }
            else if (Stopwatch.GetElapsedTime(lastProgress) > UpdateQuietTimeout)
            {
                break;
            }
        }

        if (tally.UpdatesOutstanding > 0)
        {
            await log.WriteLineAsync($"Gave up waiting for {tally.UpdatesOutstanding:N0} twin updates after {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s.");
        }
    }

    private async Task<IngestCounters?> TryReadCountersAsync(SiloApi api, CancellationToken cancellationToken)
    {
        try
        {
            return await api.ReadCountersAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException or KeyNotFoundException
                                   && !cancellationToken.IsCancellationRequested)
        {
            await log.WriteLineAsync($"Could not read the silo's metrics: {ex.Message}");
            return null;
        }
    }

    private static string CommandLine()
    {
        // Environment.CommandLine holds the entry assembly and the arguments, without the host that ran them.
        var line = PostgresUnderTest.RedactPasswords(Environment.CommandLine);
        return line.Split(' ', 2)[0].EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? "dotnet " + line : line;
    }

    /// <summary>How the devices reach a <c>--broker</c>: over TLS with the CA, client certificate and server name given.</summary>
    private BrokerTransport ExternalTransport() => options.Transports[0] == SiloTransport.Tls
        ? BrokerTransport.Tls(options.CaFile!, options.CertificateFile, options.KeyFile, options.TlsServerName, options.Username, options.Password)
        : BrokerTransport.Plain(options.Username, options.Password);

    /// <summary>One per transport name for the whole invocation, so each name's throwaway certificate is made once, not once per storage mode.</summary>
    private SiloTransport SiloTransportOf(string name)
    {
        if (!_siloTransports.TryGetValue(name, out var transport))
        {
            transport = SiloTransport.Parse("--transport", name, out var error) ?? throw new InvalidOperationException(error);
            _siloTransports[name] = transport;
        }

        return transport;
    }

    /// <summary>Starts the silo; <paramref name="storageArguments"/> configure the storage mode under test, before the user's <c>--silo-arg</c>s.</summary>
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
            .. options.SiloArguments,
        ];
        var shown = "dotnet " + string.Join(' ', ((string[])[options.SiloPath!, .. arguments]).Select(PostgresUnderTest.RedactPasswords));
        return SiloProcess.Start(options.SiloPath!, [options.MqttPort, options.HttpPort, options.SiloPort, options.GatewayPort], arguments, shown, log);
    }
}
