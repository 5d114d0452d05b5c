using DigitalTwin.TestSupport;

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
        var (exit, output, errors) = await ExternalProgram.RunAsync(tool, args, input: input is null ? null : input + "\n", timeout: timeout);
        return (exit, output + errors);
    }
}
