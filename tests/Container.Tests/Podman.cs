using DigitalTwin.TestSupport;

namespace DigitalTwin.Container.Tests;

/// <summary>Runs podman with the project's scripts/containers.conf, and other programs, from the repository's root.</summary>
internal static class Podman
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    public static Task<(int ExitCode, string Output)> RunAsync(params string[] arguments) => RunProgramAsync("podman", arguments);

    /// <summary>The program's exit code and its standard output followed by its standard error.</summary>
    public static async Task<(int ExitCode, string Output)> RunProgramAsync(string program, IEnumerable<string> arguments)
    {
        var environment = new Dictionary<string, string> { ["CONTAINERS_CONF"] = RepositoryRoot.File("scripts", "containers.conf") };
        var (exit, output, errors) = await ExternalProgram.RunAsync(program, arguments, RepositoryRoot.Path, environment: environment, timeout: Timeout);
        return (exit, output + errors);
    }
}
