using System.Diagnostics;

namespace DigitalTwin.EndToEnd.Tests.Infrastructure;

/// <summary>Independent command-line clients (<c>curl</c>, <c>openssl</c>): what a real caller sends, not what our own code thinks it sends.</summary>
public static class ExternalTool
{
    /// <summary>Runs <paramref name="tool"/> with no input and returns its exit code and its output (standard output, then standard error).</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string tool, params string[] args)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var stdout = process.StandardOutput.ReadToEndAsync(cts.Token);
        var stderr = process.StandardError.ReadToEndAsync(cts.Token);
        await process.WaitForExitAsync(cts.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
