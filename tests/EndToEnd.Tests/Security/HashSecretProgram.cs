using DigitalTwin.EndToEnd.Tests.Infrastructure;

namespace DigitalTwin.EndToEnd.Tests.Security;

/// <summary>Runs <c>DigitalTwin.Silo hash-secret</c> as an operator would, the secret on standard input.</summary>
public static class HashSecretProgram
{
    public static Task<(int ExitCode, string Output)> RunAsync(string input) =>
        ExternalTool.RunAsync("dotnet", [BuiltProgram.PathOf("Silo"), "hash-secret"], input, TimeSpan.FromSeconds(60));

    /// <summary>The hash of <paramref name="secret"/>, for <c>Mqtt:Auth:Accounts:N:SecretHash</c>.</summary>
    public static async Task<string> HashAsync(string secret)
    {
        var (exitCode, output) = await RunAsync(secret);
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("hash: ", StringComparison.Ordinal));
        return exitCode == 0 && line is not null ? line["hash: ".Length..].Trim() : throw new InvalidOperationException($"hash-secret exited {exitCode}: {output}");
    }
}
