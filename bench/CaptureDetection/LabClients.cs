using DigitalTwin.BenchHost;

namespace DigitalTwin.Bench.CaptureDetection;

/// <summary>
/// What a host of the lab does once, with real client tools bound to its own source address: fetch pages with curl,
/// fetch over TLS, resolve a name with dig, guess a login. A tool that fails is counted, not fatal: a client on a
/// real network meets failures too, and the report shows them.
/// </summary>
internal sealed class LabClients(LabNetwork network, LabServers servers, string scripts, BenchErrors errors)
{
    /// <summary>Debian's interpreter: the scripts use only its standard library.</summary>
    public const string Python = "/usr/bin/python3";

    /// <summary>A page and some of what it links to, over one curl run (python's server closes each connection: one per resource).</summary>
    public Task FetchPageAsync(string source, Random random, CancellationToken cancellationToken)
    {
        var arguments = new List<string> { "-s", "-o", "/dev/null", "--max-time", "10", "--interface", source };
        var resources = random.Next(1, 4);
        for (var i = 0; i < resources; i++)
        {
            arguments.Add($"http://{network.Server}/{servers.Pages[random.Next(servers.Pages.Count)]}");
            if (i + 1 < resources)
            {
                arguments.Add("-o");
                arguments.Add("/dev/null");
            }
        }

        return RunAsync("curl", arguments, cancellationToken);
    }

    /// <summary>One HTTPS request to the lab's web server: a handshake with the server name, a request, the answer, close.</summary>
    public Task FetchOverTlsAsync(string source, CancellationToken cancellationToken) =>
        FetchOverTlsAsync(source, network.Server, network.Names[0], cancellationToken);

    public Task FetchOverTlsAsync(string source, string server, string serverName, CancellationToken cancellationToken) =>
        RunAsync(Python, [Path.Combine(scripts, "tls_fetch.py"), source, server, "443", serverName, "/"], cancellationToken);

    /// <summary>One query to the lab's DNS server from <paramref name="source"/> (one try: a lost answer is not retried).</summary>
    public Task ResolveAsync(string source, string name, CancellationToken cancellationToken) =>
        RunAsync("dig", ["-b", source, $"@{network.Server}", name, "A", "+tries=1", "+time=2", "+short"], cancellationToken);

    /// <summary>One login attempt against the Basic-authentication page.</summary>
    public Task TryLoginAsync(string source, string password, CancellationToken cancellationToken) =>
        RunAsync("curl", ["-s", "-o", "/dev/null", "--max-time", "10", "--interface", source, "-u", $"{LabServers.LoginUser}:{password}", $"http://{network.LoginServer}/"], cancellationToken);

    /// <summary>Runs an attack tool to its end; its output goes into the report when it fails.</summary>
    public async Task<ToolRun> RunToolAsync(string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var run = await ToolRun.RunAsync(program, arguments, cancellationToken);
        if (run.ExitCode != 0)
        {
            errors.Record($"{program} exited with {run.ExitCode}: {run.Output.Trim().Split('\n').LastOrDefault()}");
        }

        return run;
    }

    private async Task RunAsync(string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        try
        {
            await RunToolAsync(program, arguments, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The phase ended during the run.
        }
    }
}
