using DigitalTwin.EndToEnd.Tests.Infrastructure;
using DigitalTwin.TestSupport;

namespace DigitalTwin.EndToEnd.Tests;

/// <summary>The silo as an operator runs it: SIGTERM (as Ctrl+C) stops it cleanly, bad configuration stops it with the key named.</summary>
public sealed class SiloShutdownTests
{
    [Fact]
    public async Task TerminationShutsTheSiloDownCleanly()
    {
        await using var silo = await SiloProcess.StartAsync();
        await new Mosquitto(silo.MqttPort).PublishAsync("device/shutdown-probe/telemetry", """{"temperature":1}""");

        Assert.True(await silo.TerminateAsync(TimeSpan.FromSeconds(30)), "the silo did not stop within 30 s of SIGTERM");
        Assert.Equal(0, silo.ExitCode);
        Assert.Empty(silo.LoggedErrors());
    }

    [Fact]
    public async Task TerminationWhileManyTwinsHaveUnflushedChangesLogsNoError()
    {
        // Each twin that just applied a message flushes and snapshots on a timer (here fast ones); the silo stops while
        // those timers are due.
        await using var silo = await SiloProcess.StartAsync(new Dictionary<string, string>
        {
            ["Twins:DirectoryUpdateInterval"] = "00:00:00.05",
            ["Twins:SnapshotInterval"] = "00:00:00.1",
        });
        await PublishToTwinsAsync(silo, "shutdown-fleet", 300);

        Assert.True(await silo.TerminateAsync(TimeSpan.FromSeconds(30)), "the silo did not stop within 30 s of SIGTERM");
        Assert.Equal(0, silo.ExitCode);
        var errors = silo.LoggedErrors();
        Assert.True(errors.Count == 0, $"the silo logged errors while stopping:\n{string.Join("\n", errors)}");
    }

    [Fact]
    public async Task OpenLiveFeedsDoNotHoldUpShutdown()
    {
        await using var silo = await SiloProcess.StartAsync();
        await using var socket = await FeedSocket.ConnectAsync(silo);
        await socket.SubscribeAsync("""{"action":"subscribe"}""");
        using var stream = await silo.Http.GetAsync("/api/v1/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.True(stream.IsSuccessStatusCode);

        // Well within ASP.NET Core's 30 s grace for open requests: the feeds end when the silo stops.
        Assert.True(await silo.TerminateAsync(TimeSpan.FromSeconds(15)), "the silo did not stop within 15 s of SIGTERM");
        Assert.Equal(0, silo.ExitCode);
        Assert.Empty(silo.LoggedErrors());
    }

    [Theory]
    [InlineData("Mqtt:Port", "70000", "Mqtt:Port")]
    [InlineData("Api:Feeds:BufferSize", "0", "Api:Feeds:BufferSize")]
    [InlineData("Api:Feeds:BatchBufferSize", "10", "Api:Feeds:BatchBufferSize")]
    [InlineData("Api:Feeds:MaxBatchEvents", "0", "Api:Feeds:MaxBatchEvents")]
    [InlineData("Twins:TelemetryWindowSize", "0", "Twins:TelemetryWindowSize")]
    [InlineData("Mqtt:BindAddress", "not-an-ip", "Mqtt:BindAddress")]
    [InlineData("Twins:MaxReportedFields", "10", "Twins:MaxReportedFields")]
    [InlineData("Orleans:KubernetesHosting", "true", "Orleans:KubernetesHosting is true, but this process is not in a Kubernetes pod")]
    [InlineData("Orleans:KubernetesHosting", "true", "Orleans:KubernetesHosting needs PostgreSQL clustering")]
    [InlineData("Logging:Format", "xml", "Logging:Format")]
    [InlineData("Observability:OtlpEndpoint", "collector:4317", "Observability:OtlpEndpoint")]
    [InlineData("Observability:ReadinessDrain", "00:05:00", "Observability:ReadinessDrain")]
    public async Task InvalidConfigurationStopsTheSiloNamingTheKey(string key, string value, string named)
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => SiloProcess.StartAsync(new Dictionary<string, string> { [key] = value }));
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SecondSiloOnATakenPortStopsWithOneLineNamingThePortAndItsKey()
    {
        var siloPort = FreePort.Next();
        var gatewayPort = FreePort.Next();
        await using var first = await SiloProcess.StartAsync(new Dictionary<string, string>
        {
            ["Orleans:SiloPort"] = siloPort.ToString(),
            ["Orleans:GatewayPort"] = gatewayPort.ToString(),
        });

        // Every port the silo listens on, each taken in turn by the first silo while the others are free.
        (string Key, int Port, string Value)[] taken =
        [
            ("Urls", first.HttpPort, $"http://127.0.0.1:{first.HttpPort}"),
            ("Mqtt:Port", first.MqttPort, first.MqttPort.ToString()),
            ("Orleans:SiloPort", siloPort, siloPort.ToString()),
            ("Orleans:GatewayPort", gatewayPort, gatewayPort.ToString()),
        ];
        foreach (var (key, port, value) in taken)
        {
            var settings = new Dictionary<string, string>
            {
                ["Urls"] = $"http://127.0.0.1:{FreePort.Next()}",
                ["Mqtt:Port"] = FreePort.Next().ToString(),
                ["Orleans:SiloPort"] = FreePort.Next().ToString(),
                ["Orleans:GatewayPort"] = FreePort.Next().ToString(),
                [key] = value,
            };
            await using var second = ProgramProcess.Start("Silo", settings.Select(s => $"--{s.Key}={s.Value}"));

            Assert.True(await second.WaitForExitAsync(TimeSpan.FromSeconds(60)), $"{key}: the second silo did not stop:\n{second.Tail}");
            Assert.NotEqual(0, second.ExitCode);
            var line = Assert.Single(second.Output, l => l.Length > 0);
            Assert.Contains($"Port {port} ", line, StringComparison.Ordinal);
            Assert.Contains($"--{key}=", line, StringComparison.Ordinal);
        }

        Assert.Empty(first.LoggedErrors());
    }

    /// <summary>One connection publishes a reading to each of <paramref name="count"/> twins and waits for every PUBACK.</summary>
    internal static async Task PublishToTwinsAsync(SiloProcess silo, string prefix, int count)
    {
        await using var device = await RawMqttConnection.ConnectAsync(silo.MqttPort, prefix, level: 4);
        for (var i = 0; i < count; i++)
        {
            await device.SendAsync(RawMqttConnection.Publish($"device/{prefix}-{i}/telemetry", """{"temperature":1}""", qos: 1, packetId: (ushort)(i + 1), level: 4));
        }

        for (var acknowledged = 0; acknowledged < count;)
        {
            var frame = await device.ReadAsync();
            Assert.NotNull(frame);
            acknowledged += frame.Type == MqttFrame.PubAck ? 1 : 0;
        }
    }
}
