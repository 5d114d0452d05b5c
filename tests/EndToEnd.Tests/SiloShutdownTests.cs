using DigitalTwin.EndToEnd.Tests.Infrastructure;

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
    [InlineData("Twins:TelemetryWindowSize", "0", "Twins:TelemetryWindowSize")]
    [InlineData("Mqtt:BindAddress", "not-an-ip", "Mqtt:BindAddress")]
    [InlineData("Twins:MaxReportedFields", "10", "Twins:MaxReportedFields")]
    public async Task InvalidConfigurationStopsTheSiloNamingTheKey(string key, string value, string named)
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => SiloProcess.StartAsync(new Dictionary<string, string> { [key] = value }));
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }
}
