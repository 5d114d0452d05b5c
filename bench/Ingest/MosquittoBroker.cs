using System.ComponentModel;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace DigitalTwin.Ingest;

/// <summary>
/// Mosquitto started by the bench as the reference of a plain broker: on a free loopback port, anonymous, logging off
/// (a thousand connection log lines into an unread pipe would stall it), no persistence, the in-flight window the
/// generator uses advertised as its Receive Maximum. Disposing kills it and deletes its configuration file.
/// </summary>
public sealed class MosquittoBroker : IBrokerUnderTest, IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly string _configPath;

    private MosquittoBroker(Process process, string configPath, int port, string command, string version)
    {
        _process = process;
        _configPath = configPath;
        Endpoint = new IPEndPoint(IPAddress.Loopback, port);
        Command = command;
        Name = $"{version} started by the bench (reference broker)";
    }

    public string Name { get; }

    public string Command { get; }

    public EndPoint Endpoint { get; }

    public int? ProcessId => _process.Id;

    public TimeSpan? ProcessorTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public string? ExitDescription => _process.HasExited ? $"mosquitto exited with code {_process.ExitCode}" : null;

    /// <summary>
    /// Starts <paramref name="executable"/> and waits until it accepts connections. Throws
    /// <see cref="InvalidOperationException"/> with what to do when it is missing or does not come up.
    /// </summary>
    public static async Task<MosquittoBroker> StartAsync(string executable, int inFlight, CancellationToken cancellationToken)
    {
        var port = FreePort();
        var configPath = Path.Combine(Path.GetTempPath(), $"dtn-ingest-mosquitto-{Environment.ProcessId}-{port}.conf");
        await File.WriteAllTextAsync(configPath, $"""
            listener {port} 127.0.0.1
            allow_anonymous true
            log_type none
            log_dest none
            persistence false
            max_inflight_messages {inFlight}
            max_queued_messages 10000
            """, cancellationToken);

        var version = await ReadVersionAsync(executable, cancellationToken);
        var start = new ProcessStartInfo(executable, ["-c", configPath])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {executable}.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var broker = new MosquittoBroker(process, configPath, port, $"{executable} -c {configPath} (listener {port} 127.0.0.1, log_type none, persistence false, max_inflight_messages {inFlight}, max_queued_messages 10000)", version);
        try
        {
            await broker.WaitUntilListeningAsync(cancellationToken);
            return broker;
        }
        catch
        {
            await broker.DisposeAsync();
            throw;
        }
    }

    public Task WaitForExitAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
            }

            await _process.WaitForExitAsync();
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill.
        }

        _process.Dispose();
        File.Delete(_configPath);
    }

    private static async Task<string> ReadVersionAsync(string executable, CancellationToken cancellationToken)
    {
        try
        {
            // "mosquitto -h" prints "mosquitto version 2.0.11" first and exits with 3.
            using var help = Process.Start(new ProcessStartInfo(executable, ["-h"]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })!;
            var first = await help.StandardOutput.ReadLineAsync(cancellationToken);
            await help.WaitForExitAsync(cancellationToken);
            return first?.Replace("mosquitto version", "Mosquitto", StringComparison.Ordinal).Trim() ?? "Mosquitto";
        }
        catch (Win32Exception)
        {
            throw new InvalidOperationException($"'{executable}' was not found. Install Mosquitto (apt-get install -y mosquitto) or pass --mosquitto <path to the mosquitto binary>.");
        }
    }

    private async Task WaitUntilListeningAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"mosquitto exited with code {_process.ExitCode} at start-up ({Command}).");
            }

            using var probe = new Socket(SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await probe.ConnectAsync(Endpoint, cancellationToken);
                return;
            }
            catch (SocketException) when (Stopwatch.GetElapsedTime(started) < StartTimeout)
            {
                await Task.Delay(50, cancellationToken);
            }
            catch (SocketException ex)
            {
                throw new InvalidOperationException($"mosquitto did not accept connections within {StartTimeout.TotalSeconds:0} s: {ex.SocketErrorCode}.", ex);
            }
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
