using System.Collections.Concurrent;
using System.Diagnostics;

namespace DigitalTwin.EndToEnd.Tests.Infrastructure;

/// <summary>
/// One of the solution's programs run as its own process, as a user runs it (<c>dotnet Program.dll args</c>),
/// with every line it writes kept for the test to read and for failure messages. Stopping it is what a user
/// or an orchestrator does: SIGTERM (what Kubernetes and systemd send; the programs treat it as Ctrl+C) or
/// SIGKILL (<c>kill -9</c>). Never SIGINT: a shell starts background jobs with SIGINT ignored, so a suite run as
/// <c>bash scripts/test.sh &amp;</c> could not stop its programs with it.
/// </summary>
public sealed class ProgramProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private ProgramProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Standard output and error, line by line, in the order they came.</summary>
    public IReadOnlyList<string> Output => [.. _output];

    public bool HasExited => _process.HasExited;

    /// <summary>What anyone on the machine reads as its command line (<c>/proc/PID/cmdline</c>, as <c>ps</c> does), its arguments joined by spaces.</summary>
    public string CommandLine => File.ReadAllText($"/proc/{_process.Id}/cmdline").Replace('\0', ' ');

    public int ExitCode => _process.ExitCode;

    /// <summary>The last lines of output, for failure messages.</summary>
    public string Tail => string.Join('\n', Output.TakeLast(15));

    /// <summary>Starts the built program of <paramref name="project"/> (see <see cref="BuiltProgram"/>) with these arguments.</summary>
    public static ProgramProcess Start(string project, params IEnumerable<string> args) => StartVia([], project, args);

    /// <summary>Starts the built program of <paramref name="project"/> with these arguments and, added to the test's, these environment variables.</summary>
    public static ProgramProcess Start(string project, IReadOnlyDictionary<string, string> environment, params IEnumerable<string> args) =>
        StartVia([], project, args, environment);

    /// <summary>
    /// Starts the program through a launcher that ends by executing its arguments, e.g. <c>ip netns exec NAME</c>, so
    /// the process is the program's own and signals reach it.
    /// </summary>
    public static ProgramProcess StartVia(IReadOnlyList<string> launcher, string project, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var assembly = BuiltProgram.PathOf(project);
        var info = new ProcessStartInfo(launcher.Count > 0 ? launcher[0] : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
        };
        // The programs under test are never in a pod, even where the test runner is (a CI runner on Kubernetes).
        info.Environment.Remove("KUBERNETES_SERVICE_HOST");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        foreach (var part in launcher.Skip(1).Concat(launcher.Count > 0 ? ["dotnet"] : []))
        {
            info.ArgumentList.Add(part);
        }

        info.ArgumentList.Add(assembly);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return new ProgramProcess(Process.Start(info)!);
    }

    /// <summary>SIGTERM, a graceful stop like Ctrl+C; true when the process ended within the timeout.</summary>
    public async Task<bool> TerminateAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString()]))
        {
            await kill.WaitForExitAsync();
        }

        return await WaitForExitAsync(timeout);
    }

    /// <summary>SIGKILL, as <c>kill -9</c>: no shutdown, no flush, no goodbye to any peer.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>True when the process ended within the timeout.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }
}
