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
}
