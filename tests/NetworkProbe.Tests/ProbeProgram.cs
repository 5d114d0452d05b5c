using System.Reflection;
using DigitalTwin.NetworkProbe.Tests.Lab;

namespace DigitalTwin.NetworkProbe.Tests;

/// <summary>
/// The network probe as a black box: its built assembly run with <c>dotnet</c>, as an operator runs it. The project
/// reference puts <c>DigitalTwin.NetworkProbe.dll</c> beside the tests; <c>DTN_NETWORK_PROBE_DLL</c> overrides the
/// path, and the probe's own build output in the tests' configuration is the fallback.
/// </summary>
public static class ProbeProgram
{
    public const string AssemblyFile = "DigitalTwin.NetworkProbe.dll";

    private static readonly Lazy<string> Location = new(Find);

    public static string Path => Location.Value;

    /// <summary>Runs <c>read</c> on a capture, writing the observed windows to <paramref name="output"/>.</summary>
    public static Task<CommandResult> ReadAsync(string capture, string devices, string output, params string[] extra) =>
        RunAsync(["read", capture, "--devices", devices, "--out", output, .. extra]);

    public static Task<CommandResult> RunAsync(IEnumerable<string> arguments, TimeSpan? timeout = null) =>
        Command.RunAsync("dotnet", [Path, .. arguments], timeout ?? TimeSpan.FromMinutes(3));

    private static string Find()
    {
        var configured = Environment.GetEnvironmentVariable("DTN_NETWORK_PROBE_DLL");
        if (!string.IsNullOrEmpty(configured))
        {
            return File.Exists(configured)
                ? configured
                : throw new FileNotFoundException($"DTN_NETWORK_PROBE_DLL names {configured}, which does not exist");
        }

        var beside = System.IO.Path.Combine(AppContext.BaseDirectory, AssemblyFile);
        if (File.Exists(beside))
        {
            return beside;
        }

        var configuration = typeof(ProbeProgram).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var built = System.IO.Path.Combine(RepositoryRoot(), "src", "NetworkProbe", "bin", configuration, "net10.0", AssemblyFile);
        return File.Exists(built)
            ? built
            : throw new FileNotFoundException($"the network probe is not built: neither {beside} nor {built} exists (build src/NetworkProbe in {configuration})");
    }

    /// <summary>The checkout the tests were built from: the first parent directory holding DigitalTwin.sln.</summary>
    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "DigitalTwin.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"no DigitalTwin.sln above {AppContext.BaseDirectory}");
    }
}
