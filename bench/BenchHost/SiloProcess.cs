using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace DigitalTwin.BenchHost;

/// <summary>
/// The silo under a benchmark, run as a child process so its memory and CPU are its own. Its console output
/// is relayed (the first lines only, so a flood of warnings does not drown the figures) and its warning and
/// error lines are counted. Disposing kills the whole process tree: a benchmark must never leave a silo behind.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private const int RelayedLines = 40;
    private const int RememberedLines = 30;

    /// <summary>Error entries kept whole for the report (the first ones: later ones tend to repeat them).</summary>
    private const int RememberedErrors = 3;

    /// <summary>Lines kept of each remembered error entry: its header, message and the top of its stack.</summary>
    private const int LinesPerError = 6;

    private readonly Process _process;
    private readonly TextWriter _log;
    private readonly Queue<string> _recent = new();
    private readonly List<string> _errorLines = [];
    private int _errorLinesToKeep;
    private readonly Lock _gate = new();
    private int _lines;
    private int _warnings;
    private int _errors;

    private SiloProcess(Process process, TextWriter log, string commandLine)
    {
        _process = process;
        _log = log;
        CommandLine = commandLine;
    }

    public string CommandLine { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Lines the silo logged at <c>warn</c>.</summary>
    public int WarningLines => Volatile.Read(ref _warnings);

    /// <summary>Lines the silo logged at <c>fail</c> or <c>crit</c>.</summary>
    public int ErrorLines => Volatile.Read(ref _errors);

    public TimeSpan ProcessorTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>
    /// Starts <c>dotnet <paramref name="siloPath"/> <paramref name="arguments"/></c> once every port in
    /// <paramref name="ports"/> is free; <paramref name="shownCommandLine"/> is how reports print it
    /// (passwords left out).
    /// </summary>
    public static SiloProcess Start(string siloPath, IReadOnlyList<int> ports, IReadOnlyList<string> arguments, string shownCommandLine, TextWriter log)
    {
        foreach (var port in ports)
        {
            // A silo already listening there would answer the benchmark's requests and take its load.
            EnsurePortFree(port);
        }

        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(siloPath)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(siloPath);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Pin the environment so a developer's shell settings do not change what is measured.
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var silo = new SiloProcess(process, log, shownCommandLine);
        process.OutputDataReceived += (_, e) => silo.OnOutput(e.Data);
        process.ErrorDataReceived += (_, e) => silo.OnOutput(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return silo;
    }

    /// <summary>Polls <c>/api/v1/system/health</c> until it answers 200; fails early when the silo process exits.</summary>
    public async Task WaitUntilHealthyAsync(HttpClient http, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (HasExited)
            {
                throw new InvalidOperationException($"The silo exited with code {ExitCode} before it became healthy.");
            }

            try
            {
                using var response = await http.GetAsync("/api/v1/system/health", cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (Stopwatch.GetElapsedTime(started) > timeout)
            {
                throw new TimeoutException($"The silo did not report healthy within {timeout.TotalSeconds:0} s.");
            }

            await Task.Delay(250, cancellationToken);
        }
    }

    public Task WaitForExitAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

    /// <summary>The first error entries the silo logged (a few lines of each), for a report that counts errors.</summary>
    public IReadOnlyList<string> ErrorSamples()
    {
        lock (_gate)
        {
            return [.. _errorLines];
        }
    }

    /// <summary>The silo's last output lines, for the report when it stops unexpectedly.</summary>
    public IReadOnlyList<string> RecentLines()
    {
        lock (_gate)
        {
            return [.. _recent];
        }
    }

    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill.
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            await _log.WriteLineAsync($"warning: silo process {_process.Id} did not exit within 10 s of being killed");
        }

        _process.Dispose();
    }

    private void OnOutput(string? line)
    {
        if (line is null)
        {
            return;
        }

        if (line.StartsWith("warn:", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _warnings);
        }
        var error = line.StartsWith("fail:", StringComparison.Ordinal) || line.StartsWith("crit:", StringComparison.Ordinal);
        if (error)
        {
            Interlocked.Increment(ref _errors);
        }

        lock (_gate)
        {
            if (error && _errorLines.Count < RememberedErrors * LinesPerError)
            {
                _errorLinesToKeep = LinesPerError;
            }

            if (_errorLinesToKeep > 0)
            {
                _errorLines.Add(line);
                _errorLinesToKeep--;
            }

            _recent.Enqueue(line);
            if (_recent.Count > RememberedLines)
            {
                _recent.Dequeue();
            }
        }

        var count = Interlocked.Increment(ref _lines);
        if (count <= RelayedLines)
        {
            _log.WriteLine($"[silo] {line}");
        }
        else if (count == RelayedLines + 1)
        {
            _log.WriteLine($"[silo] ... further silo output is counted, not shown");
        }
    }

    private static void EnsurePortFree(int port)
    {
        var probe = new TcpListener(IPAddress.Loopback, port);
        try
        {
            probe.Start();
        }
        catch (SocketException ex)
        {
            throw new InvalidOperationException($"Port {port} on 127.0.0.1 is already in use ({ex.SocketErrorCode}); stop what listens there or pick other ports.", ex);
        }
        finally
        {
            probe.Stop();
        }
    }
}
