using System.Diagnostics;

namespace DigitalTwin.Bench.CaptureDetection;

/// <summary>
/// A long-running program of the lab (a server, tcpdump, the probe): its output lines are kept so the bench can wait
/// on what it says and show it when something goes wrong. Disposing kills it, so a failed run leaves nothing behind.
/// </summary>
internal sealed class LabProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly Lock _gate = new();

    private LabProcess(Process process, string name)
    {
        _process = process;
        Name = name;
    }

    public string Name { get; }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static LabProcess Start(string name, string program, params IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var lab = new LabProcess(process, name);
        process.OutputDataReceived += (_, e) => lab.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => lab.Keep(e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"{program} did not start");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return lab;
    }

    public IReadOnlyList<string> Lines()
    {
        lock (_gate)
        {
            return [.. _lines];
        }
    }

    /// <summary>Waits until the program printed a line containing <paramref name="text"/>; fails if it exits first.</summary>
    public async Task WaitForLineAsync(string text, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        while (!Lines().Any(l => l.Contains(text, StringComparison.Ordinal)))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with {_process.ExitCode} before it said '{text}':\n{string.Join('\n', Lines())}");
            }

            if (Stopwatch.GetElapsedTime(started) > timeout)
            {
                throw new TimeoutException($"{Name} did not say '{text}' within {timeout.TotalSeconds:0} s:\n{string.Join('\n', Lines())}");
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    /// <summary>Asks the program to finish (SIGINT, as Ctrl+C) and waits for it: tcpdump then flushes its file and says what it dropped.</summary>
    public async Task InterruptAsync(TimeSpan timeout)
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await _process.WaitForExitAsync().WaitAsync(timeout);
    }

    public Task WaitForExitAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill.
        }

        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _lines.Add(line);
        }
    }
}
