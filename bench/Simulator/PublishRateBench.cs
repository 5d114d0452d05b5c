using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using DigitalTwin.Behaviour.CommandLine;
using DigitalTwin.Behaviour.Dataset;
using DigitalTwin.Behaviour.Wire;
using DigitalTwin.BenchHost;
using DigitalTwin.DeviceSimulator.Dataset;
using DigitalTwin.DeviceSimulator.Fleet;

namespace DigitalTwin.Simulator;

/// <summary>
/// The live fleet's maximum publish rate: the simulator's own <see cref="DeviceFleet"/> with every device's telemetry
/// interval at its floor (10 ms): each device publishes its next reading 10 ms after the broker acknowledged the last
/// one (QoS 1), so a device sends at most 100 messages/s and the default 1,000 devices can offer 100,000/s, far more
/// than either broker takes. Measured against the embedded broker of a started silo (the platform's ingest behind it) and
/// against Mosquitto on the same machine as the baseline of a plain broker. Prints messages/s and the CPU the
/// simulator and the broker took.
/// </summary>
public static class PublishRateBench
{
    private static readonly TimeSpan FloorInterval = TimeSpan.FromMilliseconds(10);

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        VerbOptions options;
        int devices, duration, warmup;
        string target;
        try
        {
            options = VerbOptions.Parse(args, ["--devices", "--duration", "--warmup", "--target", "--silo"], []);
            devices = (int)(options.Integer("--devices", 1, 100_000) ?? 1000);
            duration = (int)(options.Integer("--duration", 1, 3600) ?? 20);
            warmup = (int)(options.Integer("--warmup", 0, 600) ?? 5);
            target = options.Text("--target") ?? "both";
            if (target is not ("silo" or "mosquitto" or "both"))
            {
                throw new UsageException($"--target must be silo, mosquitto or both, not '{target}'");
            }
        }
        catch (UsageException e)
        {
            await error.WriteLineAsync($"publish: {e.Message}");
            return 2;
        }

        output.WriteLine($"machine: {MachineDescription.Read()}");
        output.WriteLine($"fleet: {devices} devices (every type equally), closed loop QoS 1 telemetry, {warmup} s warm-up, {duration} s window");
        output.WriteLine($"{"broker",-22} {"msgs/s",9} {"telemetry/s",12} {"sim cores",10} {"sim µs/msg",11} {"broker cores",13} {"other cores",12} {"errors",7}");
        var failed = false;
        if (target is "silo" or "both")
        {
            var silo = options.Text("--silo") ?? BenchArguments.FindSiloInRepository();
            if (BenchArguments.CheckSilo(silo) is { } missing)
            {
                await error.WriteLineAsync($"publish: {missing}");
                return 2;
            }

            failed |= !await MeasureSiloAsync(silo!, devices, warmup, duration, output);
        }

        if (target is "mosquitto" or "both")
        {
            failed |= !await MeasureMosquittoAsync(devices, warmup, duration, output, error);
        }

        return failed ? 3 : 0;
    }

    private static async Task<bool> MeasureSiloAsync(string siloPath, int devices, int warmup, int duration, TextWriter output)
    {
        int[] ports = [18930, 5700, 21211, 40100];
        var arguments = new[]
        {
            $"--Urls=http://127.0.0.1:{ports[1]}", $"--Mqtt:Port={ports[0]}", $"--Orleans:SiloPort={ports[2]}", $"--Orleans:GatewayPort={ports[3]}",
            "--Logging:LogLevel:Default=Warning",
        };
        await using var silo = SiloProcess.Start(siloPath, ports, arguments, $"dotnet {Path.GetFileName(siloPath)} {string.Join(' ', arguments)}", TextWriter.Null);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ports[1]}") };
        await silo.WaitUntilHealthyAsync(http, TimeSpan.FromSeconds(60), CancellationToken.None);
        return await MeasureAsync("embedded (silo)", ports[0], devices, warmup, duration, () => silo.ProcessorTime, output);
    }

    private static async Task<bool> MeasureMosquittoAsync(int devices, int warmup, int duration, TextWriter output, TextWriter error)
    {
        var port = 18931;
        // Logging off: mosquitto logs every connection, and a thousand of them would fill an unread pipe and stall it.
        var config = Path.Combine(Path.GetTempPath(), $"dtn-publish-bench-{Environment.ProcessId}.conf");
        await File.WriteAllTextAsync(config, $"listener {port} 127.0.0.1\nallow_anonymous true\nlog_dest none\n");
        Process mosquitto;
        try
        {
            mosquitto = Process.Start(new ProcessStartInfo("mosquitto", ["-c", config]))!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            await error.WriteLineAsync("publish: mosquitto is not installed (apt-get install -y mosquitto); the baseline is left out");
            return true;
        }

        try
        {
            await WaitForPortAsync(port, TimeSpan.FromSeconds(10));
            return await MeasureAsync("mosquitto", port, devices, warmup, duration, () =>
            {
                mosquitto.Refresh();
                return mosquitto.TotalProcessorTime;
            }, output);
        }
        finally
        {
            mosquitto.Kill();
            await mosquitto.WaitForExitAsync();
            mosquitto.Dispose();
            File.Delete(config);
        }
    }

    private static async Task<bool> MeasureAsync(string name, int port, int devices, int warmup, int duration, Func<TimeSpan> brokerCpu, TextWriter output)
    {
        var window = 10.0;
        var plans = DevicePlan.ForMix(FleetMix.Even, devices, "bench-", IntervalOverrides.Parse(FloorInterval.TotalSeconds.ToString(CultureInfo.InvariantCulture)), 1, window);
        var settings = new FleetSettings(new DeviceConnection("127.0.0.1", port, BrokerSecurity.None, TimeSpan.Zero), 1, window, FaultRate: 0.002, FailureRate: 0, ConnectRate: 200);
        var truthPath = Path.Combine(Path.GetTempPath(), $"dtn-publish-bench-{Environment.ProcessId}.csv");
        using var stopping = new CancellationTokenSource();
        Task running;
        FleetCounters counters;
        await using (var truth = GroundTruthFile.Create(truthPath, new DatasetProvenance("bench", 1, "bench")))
        {
            await using var fleet = DeviceFleet.Create(plans, settings, truth, TimeProvider.System);
            counters = fleet.Counters;
            running = fleet.RunAsync(stopping.Token);
            var connectDeadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 60;
            while (counters.Connected < devices && Stopwatch.GetTimestamp() < connectDeadline)
            {
                await Task.Delay(100);
            }

            await Task.Delay(TimeSpan.FromSeconds(warmup));
            var self = Process.GetCurrentProcess();
            var before = (Published: counters.Published, Telemetry: counters.Telemetry, Self: self.TotalProcessorTime, Broker: brokerCpu(), Machine: MachineLoad.Read(), At: Stopwatch.GetTimestamp());
            await Task.Delay(TimeSpan.FromSeconds(duration));
            self.Refresh();
            var after = (Published: counters.Published, Telemetry: counters.Telemetry, Self: self.TotalProcessorTime, Broker: brokerCpu(), Machine: MachineLoad.Read(), At: Stopwatch.GetTimestamp());
            stopping.Cancel();
            await running;

            var seconds = Stopwatch.GetElapsedTime(before.At, after.At).TotalSeconds;
            var messages = after.Published - before.Published;
            var simCores = (after.Self - before.Self).TotalSeconds / seconds;
            var brokerCores = (after.Broker - before.Broker).TotalSeconds / seconds;
            var otherCores = Math.Max(0, (after.Machine.BusyTime - before.Machine.BusyTime).TotalSeconds / seconds - simCores - brokerCores);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-22} {messages / seconds,9:F0} {(after.Telemetry - before.Telemetry) / seconds,12:F0} {simCores,10:F2} {(after.Self - before.Self).TotalMicroseconds / Math.Max(1, messages),11:F1} {brokerCores,13:F2} {otherCores,12:F2} {counters.Errors,7}"));
            foreach (var (kind, count) in counters.ErrorsByKind)
            {
                output.WriteLine($"  error x{count}: {kind}");
            }
        }

        File.Delete(truthPath);
        return counters.Errors == 0;
    }

    private static async Task WaitForPortAsync(int port, TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (Stopwatch.GetTimestamp() < deadline)
            {
                await Task.Delay(100);
            }
        }
    }
}
