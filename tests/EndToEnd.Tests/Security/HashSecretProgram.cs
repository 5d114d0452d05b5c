using System.Diagnostics;
using DigitalTwin.EndToEnd.Tests.Infrastructure;

namespace DigitalTwin.EndToEnd.Tests.Security;

/// <summary>Runs <c>DigitalTwin.Silo hash-secret</c> as an operator would, the secret on standard input.</summary>
public static class HashSecretProgram
{
    public static async Task<(int ExitCode, string Output)> RunAsync(string input)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(BuiltProgram.PathOf("Silo"));
        info.ArgumentList.Add("hash-secret");
        using var process = Process.Start(info)!;
        await process.StandardInput.WriteLineAsync(input);
        process.StandardInput.Close();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var stdout = process.StandardOutput.ReadToEndAsync(cts.Token);
        var stderr = process.StandardError.ReadToEndAsync(cts.Token);
        await process.WaitForExitAsync(cts.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>The hash of <paramref name="secret"/>, for <c>Mqtt:Auth:Accounts:N:SecretHash</c>.</summary>
    public static async Task<string> HashAsync(string secret)
    {
        var (exitCode, output) = await RunAsync(secret);
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("hash: ", StringComparison.Ordinal));
        return exitCode == 0 && line is not null ? line["hash: ".Length..].Trim() : throw new InvalidOperationException($"hash-secret exited {exitCode}: {output}");
    }
}
