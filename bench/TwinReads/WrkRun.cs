using System.Diagnostics;
using System.Globalization;

namespace DigitalTwin.TwinReads;

/// <summary>
/// One run of wrk against <c>GET /api/v1/twins/{id}</c> with the random-twin script, and the CPU it took:
/// wrk runs on the same cores as the silo, so its share is part of what bounds the figures.
/// </summary>
public sealed class WrkRun(TwinReadsOptions options)
{
    private static readonly string ScriptPath = Path.Combine(AppContext.BaseDirectory, "Scripts", "random-twin.lua");

    public string CommandLine(TimeSpan duration) => "wrk " + string.Join(' ', Arguments(duration));

    /// <summary>Runs wrk to its end; returns its figures, its own output and the CPU it used.</summary>
    public async Task<(WrkFigures Figures, string Output, TimeSpan Cpu)> RunAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(options.WrkPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in Arguments(duration))
        {
            start.ArgumentList.Add(argument);
        }

        var cpuBefore = ReapedChildrenCpu();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {options.WrkPath}.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw;
        }

        var text = await output + await errors;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"wrk exited with code {process.ExitCode}:\n{text}");
        }

        // wrk has been waited for, so its CPU time is now in this process' count of reaped children.
        return (WrkFigures.Parse(text), text, ReapedChildrenCpu() - cpuBefore);
    }

    private IEnumerable<string> Arguments(TimeSpan duration) =>
    [
        "-t", options.Threads.ToString(CultureInfo.InvariantCulture),
        "-c", options.Connections.ToString(CultureInfo.InvariantCulture),
        "-d", $"{duration.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)}s",
        "--latency",
        "-s", ScriptPath,
        $"http://127.0.0.1:{options.HttpPort}",
        "--", options.Twins.ToString(CultureInfo.InvariantCulture), TwinSeed.IdPrefix,
    ];

    /// <summary>
    /// User + system time of this process' waited-for children (<c>cutime</c> and <c>cstime</c>, fields 16 and 17
    /// of <c>/proc/self/stat</c>, in USER_HZ = 1/100 s). The silo is still running, so only wrk counts here.
    /// </summary>
    private static TimeSpan ReapedChildrenCpu()
    {
        var stat = File.ReadAllText("/proc/self/stat");

        // The command name (field 2) may hold spaces; the fields after it start past its closing parenthesis.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / 100.0);
    }
}
