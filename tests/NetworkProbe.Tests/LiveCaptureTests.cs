using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace DigitalTwin.NetworkProbe.Tests;

/// <summary>
/// <c>live</c> on a real interface: windows are cut on the clock while traffic flows, and a SIGTERM ends the capture
/// cleanly with every window written.
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
        var prefix = $"127.{Random.Shared.Next(10, 250)}.{Random.Shared.Next(1, 250)}";
        var client = IPAddress.Parse($"{prefix}.1");
        var output = Path.Combine(_directory.FullName, "live.csv");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { ProbeProgram.Path, "live", "--interface", "lo", "--filter", $"tcp port {port}", "--devices", $"{prefix}.0/24", "--window-seconds", "1", "--out", output })
        {
            info.ArgumentList.Add(argument);
        }

        using var probe = Process.Start(info)!;
        var capturing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var error = new List<string>();
        probe.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                lock (error)
                {
                    error.Add(line);
                }

                if (line.Contains("capturing on 'lo'", StringComparison.Ordinal))
                {
                    capturing.TrySetResult();
                }
            }
        };
        probe.BeginErrorReadLine();
        var summary = probe.StandardOutput.ReadToEndAsync();
        await capturing.Task.WaitAsync(TimeSpan.FromSeconds(30));

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

        using (var terminate = Process.Start("kill", ["-TERM", probe.Id.ToString()]))
        {
            await terminate.WaitForExitAsync();
        }

        await probe.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(probe.ExitCode == 0, $"exit {probe.ExitCode}\n{string.Join('\n', error)}\n{await summary}");
        var windows = ObservedWindows.Read(output);
        var id = DeviceIds.Of(client);
        var said = $"{string.Join('\n', error)}\n{await summary}\n{await File.ReadAllTextAsync(output)}";
        Assert.True(Connections == windows.Sum(id, "sessions_opened"), $"sessions opened: {windows.Sum(id, "sessions_opened")}\n{said}");
        // Each connection's SYN, handshake ACK and data were sent before the listener read the data; the closes may
        // still have been under way when the probe stopped.
        Assert.True(windows.Sum(id, "packets_out") >= Connections * 3, $"packets out: {windows.Sum(id, "packets_out")}");
        Assert.All(windows.Of(id), w => Assert.Equal(1, double.Parse(w.Fields["window_seconds"], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Contains("dropped by the kernel", await summary, StringComparison.Ordinal);
    }

    public void Dispose() => _directory.Delete(recursive: true);
}
