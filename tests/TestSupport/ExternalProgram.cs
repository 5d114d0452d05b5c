using System.Diagnostics;

namespace DigitalTwin.TestSupport;

/// <summary>
/// Runs a program to its end, as its users would (curl, kubectl, podman, the silo's own verbs), and returns its exit
/// code with what it wrote to standard output and standard error. A program still running at the timeout is killed
/// with everything it started.
/// </summary>
public static class ExternalProgram
{
    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(
        string program,
        IEnumerable<string> arguments,
        string? workingDirectory = null,
        string? input = null,
        IReadOnlyDictionary<string, string>? environment = null,
        TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory ?? "",
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
        }

        process.StandardInput.Close();
        var limit = timeout ?? TimeSpan.FromMinutes(5);
        using var cancel = new CancellationTokenSource(limit);
        try
        {
            // The output ends only when every process holding the pipes has ended (a build server the program
            // started, say): the deadline covers that wait too.
            await process.WaitForExitAsync(cancel.Token);
            return (process.ExitCode, await stdout.WaitAsync(cancel.Token), await stderr.WaitAsync(cancel.Token));
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not end within {limit}");
        }
    }
}
