using System.Globalization;
using DigitalTwin.BenchHost;
using DigitalTwin.TestSupport;

namespace DigitalTwin.Cluster;

/// <summary>Runs the load on each cluster size in turn and prints what each measured, then the table of all.</summary>
public sealed class ClusterBench(ClusterBenchOptions options, TextWriter output, TextWriter error)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private const int ConnectConcurrency = 50;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        output.WriteLine($"Machine: {MachineDescription.Read()}");
        output.WriteLine($"Load: {options.Devices} devices, QoS 1, one message in flight each, warm-up {options.Warmup.TotalSeconds:0} s, measured {options.Duration.TotalSeconds:0} s");
        try
        {
            await using var postgres = await PostgresUnderTest.StartAsync(options.Postgres);
            output.WriteLine($"PostgreSQL: {postgres.Description}");
            var runs = new List<ClusterRun>();
            foreach (var size in options.Sizes)
            {
                var run = await RunSizeAsync(size, postgres, cancellationToken);
                runs.Add(run);
                output.WriteLine($"{size} silo(s): {run.MessagesPerSecond:F0} msg/s, p50 {run.Latency.P50.TotalMilliseconds:F1} ms, p99 {run.Latency.P99.TotalMilliseconds:F1} ms, " +
                    $"silo CPU {run.SiloMicrosecondsPerMessage:F0} µs/msg, PostgreSQL CPU {Format(run.PostgresMicrosecondsPerMessage)} µs/msg, {run.LiveKiBPerDevice:F1} KiB live / {run.ResidentKiBPerDevice:F1} KiB resident per device, failed publishes {run.Failed}, silo errors {run.SiloErrors}");
            }

            output.WriteLine();
            output.WriteLine("| silos | devices | msg/s | PUBACK p50 | p99 | silo CPU per msg | PostgreSQL CPU per msg | silos' RSS, idle → loaded | live heap per device (connection + twin) |");
            output.WriteLine("|---|---|---|---|---|---|---|---|---|");
            foreach (var run in runs)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {run.Silos} | {run.Devices} | {run.MessagesPerSecond:F0} | {run.Latency.P50.TotalMilliseconds:F1} ms | {run.Latency.P99.TotalMilliseconds:F1} ms | {run.SiloMicrosecondsPerMessage:F0} µs | {Format(run.PostgresMicrosecondsPerMessage)} µs | {run.IdleResidentKiB / 1024} → {run.LoadedResidentKiB / 1024} MiB | {run.LiveKiBPerDevice:F1} KiB |"));
            }

            return runs.Any(r => r.Failed > 0 || r.SiloErrors > 0) ? 3 : 0;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            error.WriteLine("cancelled");
            return 130;
        }
        catch (Exception ex)
        {
            error.WriteLine($"The run could not complete: {ex.Message}");
            return 1;
        }
    }

    private async Task<ClusterRun> RunSizeAsync(int size, PostgresUnderTest postgres, CancellationToken cancellationToken)
    {
        var database = await postgres.CreateDatabaseAsync();
        var silos = new List<(SiloProcess Process, HttpClient Http, int MqttPort)>();
        var devices = new List<ClosedLoopDevice>();
        try
        {
            for (var i = 0; i < size; i++)
            {
                int[] ports = [FreePort.Next(), FreePort.Next(), FreePort.Next(), FreePort.Next()];
                string[] arguments =
                [
                    $"--Urls=http://127.0.0.1:{ports[0]}", $"--Mqtt:Port={ports[1]}", $"--Orleans:SiloPort={ports[2]}", $"--Orleans:GatewayPort={ports[3]}",
                    $"--Postgres:ConnectionString={database}", $"--Orleans:ClusterId=bench-cluster-{size}", "--Orleans:AdvertisedIPAddress=127.0.0.1",
                    "--Logging:LogLevel:Default=Warning",
                    .. options.Transport.SiloArguments(ports[1]),
                ];
                var process = SiloProcess.Start(options.SiloPath, ports, arguments, $"silo {i + 1} of {size}", error);
                var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ports[0]}") };
                silos.Add((process, http, ports[1]));
                await process.WaitUntilHealthyAsync(http, StartTimeout, cancellationToken);
            }

            await WaitForActiveSilosAsync(silos[0].Http, size, cancellationToken);
            var idle = silos.Sum(s => ProcessMemory.Read(s.Process.Id).ResidentKiB);
            var idleLive = await LiveBytesAsync(silos, cancellationToken);

            var latencies = new LatencyDistribution();
            var measuring = false;
            var ids = Enumerable.Range(0, options.Devices).Select(i => $"cluster-{size}-{i:D6}").ToList();
            var secrets = await options.Transport.IssueSecretsAsync(silos[0].Http.BaseAddress!, ids, cancellationToken);
            var transport = options.Transport.Devices();
            for (var i = 0; i < options.Devices; i++)
            {
                var connection = transport.For(ids[i], secrets);
                devices.Add(new ClosedLoopDevice(ids[i], silos[i % size].MqttPort, connection, latencies, () => Volatile.Read(ref measuring)));
            }

            await Parallel.ForEachAsync(devices, new ParallelOptions { MaxDegreeOfParallelism = ConnectConcurrency, CancellationToken = cancellationToken },
                async (device, token) => await device.ConnectAsync(token));

            using var stop = new CancellationTokenSource();
            var running = devices.Select(d => Task.Run(() => d.RunAsync(stop.Token), CancellationToken.None)).ToList();
            await Task.Delay(options.Warmup, cancellationToken);

            var siloCpu = silos.Aggregate(TimeSpan.Zero, (sum, s) => sum + s.Process.ProcessorTime);
            var postgresCpu = postgres.ServerCpu();
            Volatile.Write(ref measuring, true);
            await Task.Delay(options.Duration, cancellationToken);
            Volatile.Write(ref measuring, false);
            siloCpu = silos.Aggregate(TimeSpan.Zero, (sum, s) => sum + s.Process.ProcessorTime) - siloCpu;
            postgresCpu = postgres.ServerCpu() - postgresCpu;
            var loaded = silos.Sum(s => ProcessMemory.Read(s.Process.Id).ResidentKiB);

            // With the devices still connected and their twins active, but quiet: what they hold, not what is in flight.
            await stop.CancelAsync();
            await Task.WhenAll(running);
            var loadedLive = await LiveBytesAsync(silos, cancellationToken);
            return new ClusterRun(
                size, options.Devices, options.Duration, devices.Sum(d => d.Acknowledged), devices.Sum(d => d.Failed), latencies.Summarize(),
                siloCpu, postgresCpu, idle, loaded, idleLive, loadedLive, silos.Sum(s => s.Process.ErrorLines));
        }
        finally
        {
            foreach (var device in devices)
            {
                await device.DisposeAsync();
            }

            foreach (var (process, http, _) in silos)
            {
                http.Dispose();
                await process.DisposeAsync();
            }
        }
    }

    private static async Task<long> LiveBytesAsync(List<(SiloProcess Process, HttpClient Http, int MqttPort)> silos, CancellationToken cancellationToken)
    {
        long live = 0;
        foreach (var (process, _, _) in silos)
        {
            live += (await HeapProbe.CollectAsync(process.Id, cancellationToken)).LiveBytes;
        }

        return live;
    }

    private static async Task WaitForActiveSilosAsync(HttpClient http, int count, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (!(await http.GetStringAsync("/api/v1/system/health", cancellationToken)).Contains($"{count} active silo", StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the cluster did not show {count} active silos within {StartTimeout.TotalSeconds:0} s");
            }

            await Task.Delay(250, cancellationToken);
        }
    }

    private static string Format(double? value) => value is { } v ? v.ToString("F0", CultureInfo.InvariantCulture) : "n/a";
}
