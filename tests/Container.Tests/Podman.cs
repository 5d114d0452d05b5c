using System.Diagnostics;

namespace DigitalTwin.Container.Tests;

/// <summary>Runs podman (with the project's scripts/containers.conf) and other programs to their end.</summary>
internal static class Podman
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    public static string RepositoryRoot { get; } = FindRoot();

    public static Task<(int ExitCode, string Output)> RunAsync(params string[] arguments) => RunProgramAsync("podman", arguments);

    public static async Task<(int ExitCode, string Output)> RunProgramAsync(string program, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["CONTAINERS_CONF"] = Path.Combine(RepositoryRoot, "scripts", "containers.conf");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not end within {Timeout}");
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "DigitalTwin.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"no DigitalTwin.sln above {AppContext.BaseDirectory}");
    }
}
