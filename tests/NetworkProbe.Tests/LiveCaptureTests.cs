using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace DigitalTwin.NetworkProbe.Tests;

/// <summary>
/// <c>live</c> on a real interface: windows are cut on the clock while traffic flows, a burst is kept whole, and a
/// SIGTERM ends the capture cleanly with every window written.
/// </summary>
public sealed class LiveCaptureTests : IDisposable
{
    private const int Connections = 3;

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("dtn-probe-live-");

    [Fact]
    public async Task ALiveCaptureOnLoopbackWritesTheWindowsOfTheTrafficItSawWhenStopped()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var prefix = NewPrefix();
        var client = IPAddress.Parse($"{prefix}.1");

        var run = await LiveRun.StartAsync(_directory, $"tcp port {port}", prefix);
        for (var i = 0; i < Connections; i++)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(client, 0));
            await socket.ConnectAsync(IPAddress.Loopback, port);
            using var accepted = await listener.AcceptSocketAsync();
            await socket.SendAsync("hello"u8.ToArray());
            var buffer = new byte[5];
            Assert.Equal(5, await accepted.ReceiveAsync(buffer));
            socket.Shutdown(SocketShutdown.Both);
            accepted.Shutdown(SocketShutdown.Both);
        }

        var (windows, said) = await run.StopAsync();
        var id = DeviceIds.Of(client);
        Assert.True(Connections == windows.Sum(id, "sessions_opened"), $"sessions opened: {windows.Sum(id, "sessions_opened")}\n{said}");
        // Each connection's SYN, handshake ACK and data were sent before the listener read the data; the closes may
        // still have been under way when the probe stopped.
        Assert.True(windows.Sum(id, "packets_out") >= Connections * 3, $"packets out: {windows.Sum(id, "packets_out")}");
        Assert.All(windows.Of(id), w => Assert.Equal(1, double.Parse(w.Fields["window_seconds"], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Contains(" 0 dropped by the kernel", said, StringComparison.Ordinal);
    }

    /// <summary>
    /// An nmap SYN scan of 1,000 ports sends its SYNs within a tenth of a second, and loopback answers each with a reset
    /// at once. The kernel's buffer must hold the burst while the probe catches up: in immediate mode it held 16 of
    /// these packets, the probe saw 17 of 2,000 and said none was dropped.
    /// </summary>
    [Fact]
    public async Task ALiveCaptureKeepsEveryPacketOfAScanBurst()
    {
        var prefix = NewPrefix();
        var scanner = IPAddress.Parse($"{prefix}.1");

        var run = await LiveRun.StartAsync(_directory, $"net {prefix}.0/24", prefix);
        var nmap = await Lab.Command.RunAsync("nmap", "-sS", "-Pn", "-n", "--max-retries", "0", "-e", "lo", "-S", scanner.ToString(), "-p", "1-1000", "127.0.0.1");
        Assert.True(nmap.Succeeded, nmap.Error);

        var (windows, said) = await run.StopAsync();
        var id = DeviceIds.Of(scanner);
        Assert.True(windows.Sum(id, "distinct_destination_ports") >= 1000, $"ports: {windows.Sum(id, "distinct_destination_ports")}\n{said}");
        Assert.True(windows.Sum(id, "rst_in") == 1000, $"resets in: {windows.Sum(id, "rst_in")}\n{said}");
        Assert.Contains("read 2000 frames", said, StringComparison.Ordinal);
    }

    public void Dispose() => _directory.Delete(recursive: true);

    private static string NewPrefix() => $"127.{Random.Shared.Next(10, 250)}.{Random.Shared.Next(1, 250)}";

    /// <summary>The probe's <c>live</c> verb on loopback with one-second windows, writing a CSV, until SIGTERM.</summary>
    private sealed class LiveRun
    {
        private readonly Process _probe;
        private readonly List<string> _error = [];
        private readonly string _output;
        private readonly Task<string> _summary;

        private LiveRun(Process probe, string output)
        {
            _probe = probe;
            _output = output;
            _summary = probe.StandardOutput.ReadToEndAsync();
        }

        public static async Task<LiveRun> StartAsync(DirectoryInfo directory, string filter, string prefix)
        {
            var output = Path.Combine(directory.FullName, Guid.NewGuid().ToString("N")[..8] + "-live.csv");
            var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var argument in new[] { ProbeProgram.Path, "live", "--interface", "lo", "--filter", filter, "--devices", $"{prefix}.0/24", "--window-seconds", "1", "--out", output })
            {
                info.ArgumentList.Add(argument);
            }

            var run = new LiveRun(Process.Start(info)!, output);
            var capturing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            run._probe.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is { } line)
                {
                    lock (run._error)
                    {
                        run._error.Add(line);
                    }

                    if (line.Contains("capturing on 'lo'", StringComparison.Ordinal))
                    {
                        capturing.TrySetResult();
                    }
                }
            };
            run._probe.BeginErrorReadLine();
            await capturing.Task.WaitAsync(TimeSpan.FromSeconds(30));
            return run;
        }

        /// <summary>Stops the probe with SIGTERM; returns its windows and everything it said.</summary>
        public async Task<(ObservedWindows Windows, string Said)> StopAsync()
        {
            using (var terminate = Process.Start("kill", ["-TERM", _probe.Id.ToString()]))
            {
                await terminate!.WaitForExitAsync();
            }

            await _probe.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            string error;
            lock (_error)
            {
                error = string.Join('\n', _error);
            }

            var said = $"exit {_probe.ExitCode}\n{error}\n{await _summary}";
            Assert.True(_probe.ExitCode == 0, said);
            var windows = ObservedWindows.Read(_output);
            _probe.Dispose();
            return (windows, $"{said}\n{await File.ReadAllTextAsync(_output)}");
        }
    }
}
