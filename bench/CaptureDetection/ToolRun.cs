using System.Diagnostics;

namespace DigitalTwin.Bench.CaptureDetection;

/// <summary>One run of a client or attack tool (curl, dig, nmap, hping3, a TLS fetch) to its end, with what it printed.</summary>
internal sealed record ToolRun(int ExitCode, string Output)
{
    public static async Task<ToolRun> RunAsync(string program, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{program} did not start");
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var error = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // A run still going when its phase ends (a fetch, a scan) is stopped with the phase.
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            throw;
        }

        return new ToolRun(process.ExitCode, await output + await error);
    }
}
