using System.Net;
using DigitalTwin.TestSupport;

namespace DigitalTwin.Container.Tests;

/// <summary>
/// One silo container of <see cref="ContainerImages.Silo"/> on the host's network, on free ports or given ones (a
/// replacement takes the ports of the container it replaces, as a pod behind its Service); removed when disposed.
/// </summary>
public sealed class SiloContainer : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);

    private SiloContainer(string name, SiloPorts ports)
    {
        Name = name;
        Ports = ports;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ports.Http}") };
    }

    public string Name { get; }

    public SiloPorts Ports { get; }

    public int HttpPort => Ports.Http;

    public int MqttPort => Ports.Mqtt;

    public HttpClient Http { get; }

    /// <summary>Starts a container with the settings as environment (<c>Section__Key</c>) and waits for <c>/health/ready</c>.</summary>
    public static async Task<SiloContainer> StartAsync(string image, IReadOnlyDictionary<string, string>? settings = null, SiloPorts? ports = null)
    {
        var container = new SiloContainer($"dtn-test-{Guid.NewGuid():N}"[..20], ports ?? SiloPorts.Free());
        var environment = new Dictionary<string, string>
        {
            ["Urls"] = $"http://127.0.0.1:{container.Ports.Http}",
            ["Mqtt__Port"] = container.Ports.Mqtt.ToString(),
            ["Orleans__SiloPort"] = container.Ports.Silo.ToString(),
            ["Orleans__GatewayPort"] = container.Ports.Gateway.ToString(),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        // As k8s/base runs it: read-only root file system, a writable /tmp, uid 10001.
        var (exit, output) = await Podman.RunAsync(["run", "-d", "--name", container.Name, "--network=host", "--read-only", "--tmpfs", "/tmp", "--user", "10001:10001", .. environment.SelectMany(e => new[] { "-e", $"{e.Key}={e.Value}" }), image]);
        Assert.True(exit == 0, $"podman run failed:\n{output}");
        var deadline = DateTime.UtcNow + ReadyTimeout;
        while (true)
        {
            try
            {
                if ((await container.Http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    return container;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (DateTime.UtcNow > deadline)
            {
                var logs = await container.LogsAsync();
                await container.DisposeAsync();
                throw new TimeoutException($"the silo container was not ready within {ReadyTimeout}:\n{logs}");
            }

            await Task.Delay(250);
        }
    }

    public async Task<string> LogsAsync() => (await Podman.RunAsync("logs", Name)).Output;

    /// <summary>Runs a command in the container and returns what it printed.</summary>
    public async Task<string> ExecAsync(params string[] command)
    {
        var (exit, output) = await Podman.RunAsync(["exec", Name, .. command]);
        Assert.True(exit == 0, $"podman exec {string.Join(' ', command)} failed:\n{output}");
        return output.Trim();
    }

    /// <summary>Stops the container as an orchestrator does (SIGTERM, then SIGKILL after the grace) and returns its exit code.</summary>
    public async Task<int> StopAsync(TimeSpan grace)
    {
        var (exit, output) = await Podman.RunAsync("stop", "-t", ((int)grace.TotalSeconds).ToString(), Name);
        Assert.True(exit == 0, $"podman stop failed:\n{output}");
        var (_, code) = await Podman.RunAsync("inspect", Name, "--format", "{{.State.ExitCode}}");
        return int.Parse(code.Trim());
    }

    /// <summary>Kills the silo's process at once (SIGKILL), as a node that fails or an OOM kill would.</summary>
    public async Task KillAsync()
    {
        var (exit, output) = await Podman.RunAsync("kill", "-s", "KILL", Name);
        Assert.True(exit == 0, $"podman kill failed:\n{output}");
    }

    /// <summary>Lines the silo logged at error or critical level (its console format starts them "fail:"/"crit:").</summary>
    public async Task<IReadOnlyList<string>> LoggedErrorsAsync() =>
        [.. (await LogsAsync()).Split('\n').Where(l => l.StartsWith("fail:", StringComparison.Ordinal) || l.StartsWith("crit:", StringComparison.Ordinal))];

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Podman.RunAsync("rm", "-f", "-t", "0", Name);
    }
}
