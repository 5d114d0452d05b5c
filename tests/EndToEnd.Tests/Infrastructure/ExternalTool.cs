using System.Diagnostics;

namespace DigitalTwin.EndToEnd.Tests.Infrastructure;

/// <summary>Command-line programs run as their users would (<c>curl</c>, <c>openssl</c>, the silo's own verbs): what a real caller sends, not what our own code thinks it sends.</summary>
public static class ExternalTool
{
    /// <summary>Runs <paramref name="tool"/> with no input and returns its exit code and its output (standard output, then standard error).</summary>
    public static Task<(int ExitCode, string Output)> RunAsync(string tool, params string[] args) =>
        RunAsync(tool, args, input: null, TimeSpan.FromSeconds(20));

    /// <summary>Runs <paramref name="tool"/>, writing <paramref name="input"/> (a line) to its standard input, within <paramref name="timeout"/>.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string tool, IEnumerable<string> args, string? input, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        if (input is not null)
        {
            await process.StandardInput.WriteLineAsync(input);
        }

        process.StandardInput.Close();
        using var cts = new CancellationTokenSource(timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(cts.Token);
        var stderr = process.StandardError.ReadToEndAsync(cts.Token);
        await process.WaitForExitAsync(cts.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
