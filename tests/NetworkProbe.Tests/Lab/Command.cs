using System.Diagnostics;

namespace DigitalTwin.NetworkProbe.Tests.Lab;

/// <summary>Runs a program to its end with arguments passed as a list (no shell), killing it when it overruns.</summary>
public static class Command
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    public static async Task<CommandResult> RunAsync(string file, IEnumerable<string> arguments, TimeSpan? timeout = null)
    {
        var start = StartInfo(file, arguments);

        var text = file + " " + string.Join(' ', start.ArgumentList);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start `{text}`");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var overrun = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            await process.WaitForExitAsync(overrun.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"`{text}` did not finish within {timeout ?? DefaultTimeout}:\n{await output}\n{await error}");
        }

        return new CommandResult(text, process.ExitCode, await output, await error, clock.Elapsed);
    }

    public static Task<CommandResult> RunAsync(string file, params string[] arguments) => RunAsync(file, arguments, null);

    /// <summary>The program with its arguments as a list (no shell) and every stream redirected.</summary>
    public static ProcessStartInfo StartInfo(string file, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }
}
