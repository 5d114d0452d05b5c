using System.Globalization;
using DigitalTwin.BenchHost;
using DigitalTwin.TestSupport;

namespace DigitalTwin.Bench.CaptureDetection;

/// <summary>
/// One run: the lab's servers, a loopback capture of benign hosts and attackers, the probe reading the capture into a
/// fresh silo, and the report. Everything started here is stopped here, whatever happens.
/// </summary>
internal sealed class CaptureBench(CaptureBenchOptions options, TextWriter output)
{
    /// <summary>The benign hosts: one per behaviour, and a second browser (the commonest kind of host).</summary>
    private static readonly (int Host, HostBehaviour Behaviour)[] BenignHosts =
        [(11, HostBehaviour.Web), (12, HostBehaviour.Web), (13, HostBehaviour.Tls), (14, HostBehaviour.Dns), (15, HostBehaviour.Mixed)];

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var network = LabNetwork.Pick();
        var scripts = Path.Combine(AppContext.BaseDirectory, "Scripts");
        var errors = new BenchErrors();
        output.WriteLine($"Machine: {MachineDescription.Read()}");
        output.WriteLine($"Lab: {network.Prefix}.0/24 on lo; devices {network.Devices}; servers {network.Server} (HTTP, HTTPS, DNS), {network.LoginServer} (login), {network.CommandServer} (the beacon's)");
        output.WriteLine($"Phases: {options.BenignSeconds} s benign, then an attack every {AttackPlan.Stagger.TotalSeconds:0} s (slow ones last {options.AttackSeconds} s), {options.TailSeconds} s benign after the last; seed {options.Seed}");

        await using var servers = await LabServers.StartAsync(network, scripts, cancellationToken);
        var clients = new LabClients(network, servers, scripts, errors);
        var random = new Random(options.Seed);
        var attacks = AttackPlan.Create(network, clients, options, random);
        var benign = BenignHosts.Select(h => (network.Address(h.Host), h.Behaviour)).ToList();

        await using var recorder = await LoopbackRecorder.StartAsync(network.CaptureFilter, cancellationToken);
        var report = new CaptureReport(output, options) { CaptureStart = DateTimeOffset.UtcNow };
        await RecordAsync(clients, network, benign, attacks, random, report.CaptureStart, cancellationToken);
        await recorder.StopAsync(cancellationToken);
        output.WriteLine($"Capture: {recorder.Captured} packets, {recorder.Dropped} dropped by the kernel, {(DateTimeOffset.UtcNow - report.CaptureStart).TotalSeconds:0} s");
        foreach (var (kind, count) in errors.ByKind())
        {
            output.WriteLine($"  tool failures: {count} x {kind}");
        }

        if (options.KeepCapture is { } keep)
        {
            File.Copy(recorder.Path, keep, overwrite: true);
            output.WriteLine($"Capture kept at {keep}");
        }

        return await ReplayAsync(network, recorder.Path, benign, attacks, report, cancellationToken);
    }

    private async Task RecordAsync(
        LabClients clients, LabNetwork network, List<(string Address, HostBehaviour Behaviour)> benign, IReadOnlyList<LabAttack> attacks, Random random,
        DateTimeOffset start, CancellationToken cancellationToken)
    {
        using var capture = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var client = new BenignClient(clients, network);
        var running = benign.Select(h => client.RunAsync(h.Address, h.Behaviour, new Random(random.Next()), capture.Token))
            .Concat(attacks.Select(a => client.RunAsync(a.Source, HostBehaviour.Mixed, new Random(random.Next()), capture.Token)))
            .ToList();

        await Task.WhenAll(attacks.Select(a => AttackAsync(a, start, cancellationToken)));

        // The tail: hosts back to their benign selves after the attacks (a scanner that is quiet again, say).
        var end = start + attacks.Max(a => a.Offset) + TimeSpan.FromSeconds(options.AttackSeconds + options.TailSeconds);
        if (end > DateTimeOffset.UtcNow)
        {
            await Task.Delay(end - DateTimeOffset.UtcNow, cancellationToken);
        }

        await capture.CancelAsync();
        await Task.WhenAll(running);
    }

    private async Task AttackAsync(LabAttack attack, DateTimeOffset start, CancellationToken cancellationToken)
    {
        if (start + attack.Offset > DateTimeOffset.UtcNow)
        {
            await Task.Delay(start + attack.Offset - DateTimeOffset.UtcNow, cancellationToken);
        }

        attack.Started = DateTimeOffset.UtcNow;
        output.WriteLine($"  {(attack.Started - start).TotalSeconds,6:0.0} s  {attack.Source} starts {attack.Tool} {attack.Timing}");
        using var duration = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        duration.CancelAfter(TimeSpan.FromSeconds(options.AttackSeconds));
        try
        {
            await attack.RunAsync(duration.Token);
        }
        catch (OperationCanceledException) when (duration.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // Slow attacks last the attack duration; a scan still running then is cut there.
        }

        attack.Ended = DateTimeOffset.UtcNow;
    }

    private async Task<int> ReplayAsync(
        LabNetwork network, string capture, List<(string Address, HostBehaviour Behaviour)> benign, IReadOnlyList<LabAttack> attacks, CaptureReport report,
        CancellationToken cancellationToken)
    {
        int[] ports = [FreePort.Next(), FreePort.Next(), FreePort.Next(), FreePort.Next()];
        var (http, mqtt, silo, gateway) = (ports[0], ports[1], ports[2], ports[3]);
        var warmUp = TimeSpan.FromSeconds(options.WarmUpSeconds);
        string[] detection =
        [
            $"--Detection:WarmUp={warmUp:c}",
            // The platform's probation equals its warm-up (an hour); compressed with it.
            $"--Detection:Probation={warmUp:c}",
            $"--Detection:PeerPriorWindows={options.Compressed(360).ToString(CultureInfo.InvariantCulture)}",
            // The probe reads the capture in seconds: the peers' shares are exchanged as often as the silo allows.
            "--Detection:PeerExchangeInterval=00:00:01",
            .. options.ModelPath is { } model ? [$"--Detection:ModelPath={model}"] : Array.Empty<string>(),
        ];
        string[] arguments = [$"--Urls=http://127.0.0.1:{http}", $"--Mqtt:Port={mqtt}", $"--Orleans:SiloPort={silo}", $"--Orleans:GatewayPort={gateway}", .. detection];
        output.WriteLine();
        output.WriteLine($"Silo: {string.Join(' ', detection)} (windows of {options.WindowSeconds} s; the platform's: {CaptureBenchOptions.PlatformWindowSeconds} s, warm-up 1 h = {CaptureBenchOptions.PlatformWarmUpWindows} windows, here {options.WarmUpWindows})");
        await using var process = SiloProcess.Start(options.SiloPath!, ports, arguments, $"dotnet {options.SiloPath} {string.Join(' ', arguments)}", output);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{http}") };
        await process.WaitUntilHealthyAsync(client, TimeSpan.FromSeconds(60), cancellationToken);

        string[] probeArguments = [options.ProbePath!, "read", capture, "--devices", network.Devices, "--window-seconds", options.WindowSeconds.ToString(CultureInfo.InvariantCulture), "--mqtt", $"127.0.0.1:{mqtt}"];
        output.WriteLine($"Probe: dotnet {string.Join(' ', probeArguments)}");
        await using var probe = LabProcess.Start("network probe", "dotnet", probeArguments);
        await probe.WaitForExitAsync(cancellationToken);
        foreach (var line in probe.Lines())
        {
            output.WriteLine($"  [probe] {line}");
        }

        if (probe.ExitCode != 0)
        {
            output.WriteLine($"The probe exited with {probe.ExitCode}.");
            return 1;
        }

        // Every window is applied to its twin before the broker acknowledges it, and the probe exits after the last
        // acknowledgement: the twins hold every verdict now.
        var met = await report.WriteAsync(new SiloReader(client), benign, attacks, cancellationToken);
        output.WriteLine($"Silo: {process.WarningLines} warning and {process.ErrorLines} error lines");
        return met ? 0 : 3;
    }
}
