using System.Diagnostics;
using System.Text;

namespace DigitalTwin.NetworkProbe.Tests.Lab;

/// <summary>
/// A long-running program of the lab (a server, tcpdump): its output kept for error messages, a wait for a line it
/// prints when ready, and a kill on dispose.
/// </summary>
public sealed class LabProcess : IAsyncDisposable
{
    private const int KeptCharacters = 64 * 1024;

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly List<(string Text, TaskCompletionSource Seen)> _awaited = [];
    private readonly Lock _gate = new();

    private LabProcess(Process process, string command)
    {
        _process = process;
        Command = command;
    }

    public string Command { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public static LabProcess Start(string file, IEnumerable<string> arguments)
    {
        var start = Lab.Command.StartInfo(file, arguments);

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var lab = new LabProcess(process, file + " " + string.Join(' ', start.ArgumentList));
        process.OutputDataReceived += (_, e) => lab.Received(e.Data);
        process.ErrorDataReceived += (_, e) => lab.Received(e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"could not start `{lab.Command}`");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return lab;
    }

    /// <summary>What the program wrote so far (the last 64 KiB), stdout and stderr interleaved.</summary>
    public string Output
    {
        get
        {
            lock (_gate)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Waits until the program prints a line containing <paramref name="text"/>; fails if it exits first or overruns.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_output.ToString().Contains(text, StringComparison.Ordinal))
            {
                return;
            }

            _awaited.Add((text, seen));
        }

        var exited = _process.WaitForExitAsync();
        var finished = await Task.WhenAny(seen.Task, exited, Task.Delay(timeout));
        if (finished != seen.Task)
        {
            var why = finished == exited ? $"exited with {_process.ExitCode}" : $"did not within {timeout}";
            throw new InvalidOperationException($"`{Command}` was to print \"{text}\" but {why}; output:\n{Output}");
        }
    }

    /// <summary>Sends a signal (SIGINT lets tcpdump flush and close its file) and waits for the program to exit.</summary>
    public async Task SignalAndWaitAsync(string signal, TimeSpan timeout)
    {
        await Lab.Command.RunAsync("kill", $"-{signal}", Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var overrun = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(overrun.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"`{Command}` did not exit within {timeout} of SIG{signal}; output:\n{Output}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill.
        }

        _process.Dispose();
    }

    private void Received(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _output.AppendLine(line);
            if (_output.Length > KeptCharacters)
            {
                _output.Remove(0, _output.Length - KeptCharacters);
            }

            for (var i = _awaited.Count - 1; i >= 0; i--)
            {
                if (line.Contains(_awaited[i].Text, StringComparison.Ordinal))
                {
                    _awaited[i].Seen.TrySetResult();
                    _awaited.RemoveAt(i);
                }
            }
        }
    }
}
