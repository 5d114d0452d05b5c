using System.Collections.Concurrent;
using System.Diagnostics;

namespace DigitalTwin.TestSupport;

/// <summary>A running <c>mosquitto_sub</c> and the lines it printed.</summary>
public sealed class Subscription : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private Subscription(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                _lines.Enqueue(e.Data);
            }
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public IReadOnlyList<string> Lines => [.. _lines];

    /// <summary>Waits until it ends by itself (the broker refused or closed its connection), its output read to the end; returns its exit code.</summary>
    public async Task<int> ExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    public static Subscription Start(IEnumerable<string> args)
    {
        var info = new ProcessStartInfo("mosquitto_sub") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return new Subscription(Process.Start(info)!);
    }

    public Task<string> WaitForLineAsync(Func<string, bool> match, string what) =>
        Eventually.GetAsync(() => Task.FromResult(_lines.FirstOrDefault(match) ?? ""), line => line.Length > 0, what: what);

    /// <summary>Freezes the client (SIGSTOP): it stays connected but reads nothing, like a consumer that cannot keep up.</summary>
    public void Pause()
    {
        using var stop = Process.Start("kill", ["-STOP", _process.Id.ToString()]);
        stop.WaitForExit();
    }

    /// <summary>Ends the client abruptly, as a device losing power would: the broker then publishes its last will.</summary>
    public void Kill() => _process.Kill();

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        _process.Dispose();
    }
}
