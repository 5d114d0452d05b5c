using System.Net;
using DigitalTwin.TestSupport;

namespace DigitalTwin.Container.Tests;

/// <summary>
/// One silo container of a <see cref="SiloImage"/> on the host's network, on free ports; removed when disposed.
/// </summary>
public sealed class SiloContainer : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);

    private SiloContainer(string name, int httpPort, int mqttPort)
    {
        Name = name;
        HttpPort = httpPort;
        MqttPort = mqttPort;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };
    }

    public string Name { get; }

    public int HttpPort { get; }

    public int MqttPort { get; }

    public HttpClient Http { get; }

    /// <summary>Starts a container with the settings as environment (<c>Section__Key</c>) and waits for <c>/health/ready</c>.</summary>
    public static async Task<SiloContainer> StartAsync(SiloImage image, IReadOnlyDictionary<string, string>? settings = null)
    {
        var container = new SiloContainer($"dtn-test-{Guid.NewGuid():N}"[..20], FreePort.Next(), FreePort.Next());
        var environment = new Dictionary<string, string>
        {
            ["Urls"] = $"http://127.0.0.1:{container.HttpPort}",
            ["Mqtt__Port"] = container.MqttPort.ToString(),
            ["Orleans__SiloPort"] = FreePort.Next().ToString(),
            ["Orleans__GatewayPort"] = FreePort.Next().ToString(),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        // As k8s/base runs it: read-only root file system, a writable /tmp, uid 10001.
        var (exit, output) = await Podman.RunAsync(["run", "-d", "--name", container.Name, "--network=host", "--read-only", "--tmpfs", "/tmp", "--user", "10001:10001", .. environment.SelectMany(e => new[] { "-e", $"{e.Key}={e.Value}" }), image.Tag]);
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

    /// <summary>Lines the silo logged at error or critical level (its console format starts them "fail:"/"crit:").</summary>
    public async Task<IReadOnlyList<string>> LoggedErrorsAsync() =>
        [.. (await LogsAsync()).Split('\n').Where(l => l.StartsWith("fail:", StringComparison.Ordinal) || l.StartsWith("crit:", StringComparison.Ordinal))];

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Podman.RunAsync("rm", "-f", "-t", "0", Name);
    }
}
