using System.Diagnostics;

namespace DigitalTwin.TestSupport;

/// <summary>
/// Debian's mosquitto clients as independent MQTT peers: what a real device or tool would send,
/// not what our own client code thinks it sends.
/// </summary>
public sealed class Mosquitto(int port)
{
    /// <summary>Publishes with <c>mosquitto_pub</c>; returns its exit code and output.</summary>
    public async Task<(int ExitCode, string Output)> PublishAsync(string topic, string? message = null, int qos = 1, bool retain = false, string? file = null, string clientId = "e2e-pub")
    {
        var args = new List<string> { "-h", "127.0.0.1", "-p", port.ToString(), "-q", qos.ToString(), "-i", clientId, "-t", topic };
        if (file is not null)
        {
            args.AddRange(["-f", file]);
        }
        else
        {
            args.AddRange(["-m", message ?? ""]);
        }

        if (retain)
        {
            args.Add("-r");
        }

        return await RunToolAsync("mosquitto_pub", args);
    }

    /// <summary>Publishes each line as one message over a single connection (<c>mosquitto_pub -l</c>), in order.</summary>
    public async Task<(int ExitCode, string Output)> PublishLinesAsync(string topic, IEnumerable<string> lines, string clientId)
    {
        var info = new ProcessStartInfo("mosquitto_pub") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-h", "127.0.0.1", "-p", port.ToString(), "-q", "1", "-i", clientId, "-t", topic, "-l" })
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        foreach (var line in lines)
        {
            await process.StandardInput.WriteLineAsync(line);
        }

        process.StandardInput.Close();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var output = await process.StandardError.ReadToEndAsync(cts.Token);
        await process.WaitForExitAsync(cts.Token);
        return (process.ExitCode, output);
    }

    /// <summary>
    /// Starts <c>mosquitto_sub -v</c> on the topics (lines arrive as "topic payload") and returns once it
    /// is subscribed: it also listens on a probe topic that is published to until the probe comes back.
    /// </summary>
    public Task<Subscription> SubscribeAsync(string clientId, params string[] topics) =>
        StartAsync(clientId, topics, []);

    /// <summary>
    /// Starts <c>mosquitto_sub -v</c> with no client id (the broker assigns one) speaking <paramref name="version"/>
    /// (<c>mqttv311</c>, <c>mqttv5</c>), and returns once it is subscribed.
    /// </summary>
    public Task<Subscription> SubscribeWithoutIdAsync(string version, params string[] topics) =>
        StartAsync(null, topics, ["-V", version]);

    /// <summary>Runs a mosquitto client against this broker with the given arguments; returns its exit code and output.</summary>
    public Task<(int ExitCode, string Output)> RunAsync(string tool, params string[] args) =>
        RunToolAsync(tool, ["-h", "127.0.0.1", "-p", port.ToString(), .. args]);

    /// <summary>Connects a client that registers a retained last will, as a device would; killing it makes the broker publish the will.</summary>
    public Task<Subscription> ConnectWithWillAsync(string clientId, string willTopic, string willPayload) =>
        StartAsync(clientId, [], ["-k", "5", "--will-topic", willTopic, "--will-payload", willPayload, "--will-qos", "1", "--will-retain"]);

    private async Task<Subscription> StartAsync(string? clientId, string[] topics, string[] extra)
    {
        var name = clientId ?? Guid.NewGuid().ToString("N");
        var probe = $"e2e/probe/{name}";
        var args = new List<string> { "-h", "127.0.0.1", "-p", port.ToString(), "-q", "1", "-v", "-t", probe };
        if (clientId is not null)
        {
            args.AddRange(["-i", clientId]);
        }

        foreach (var topic in topics)
        {
            args.AddRange(["-t", topic]);
        }

        args.AddRange(extra);
        var subscription = Subscription.Start(args);
        await Eventually.GetAsync(
            async () =>
            {
                await PublishAsync(probe, "probe", qos: 0, clientId: name + "-probe");
                return subscription.Lines.Any(l => l.StartsWith(probe, StringComparison.Ordinal));
            },
            seen => seen,
            what: $"mosquitto_sub {clientId ?? "without a client id"} subscribed");
        return subscription;
    }

    private static async Task<(int, string)> RunToolAsync(string tool, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var stdout = process.StandardOutput.ReadToEndAsync(cts.Token);
        var stderr = process.StandardError.ReadToEndAsync(cts.Token);
        await process.WaitForExitAsync(cts.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
