using System.Text.Json;
using DigitalTwin.EndToEnd.Tests.Infrastructure;

namespace DigitalTwin.EndToEnd.Tests.Observability;

/// <summary><c>Logging:Format=json</c>: every line the silo writes is one JSON object a log collector can parse.</summary>
public sealed class JsonLogTests
{
    [Fact]
    public async Task EveryLogLineIsOneJsonObjectWithTheMessagesFields()
    {
        await using var silo = await SiloProcess.StartAsync(new Dictionary<string, string> { ["Logging:Format"] = "json" });
        await new Mosquitto(silo.MqttPort).PublishAsync("device/json-log-1/telemetry", """{"temperature":1}""");
        await silo.TwinWhenAsync("json-log-1", _ => true);
        Assert.True(await silo.TerminateAsync(TimeSpan.FromSeconds(30)), "the silo did not stop within 30 s of SIGTERM");

        var entries = silo.Log.Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.True(entries.Count > 5, $"{entries.Count} lines");
        Assert.All(entries, entry =>
        {
            Assert.Equal(JsonValueKind.Object, entry.ValueKind);
            Assert.True(DateTimeOffset.TryParse(entry.GetProperty("Timestamp").GetString(), out _), entry.ToString());
            Assert.DoesNotContain(entry.GetProperty("LogLevel").GetString(), new[] { "Error", "Critical" });
        });

        var started = Assert.Single(entries, e => e.GetProperty("Category").GetString() == "DigitalTwin.MqttBridge.Broker.EmbeddedMqttBroker"
            && e.GetProperty("Message").GetString()!.Contains("listening", StringComparison.Ordinal));
        Assert.Equal(silo.MqttPort, started.GetProperty("State").GetProperty("Port").GetInt32());
        Assert.Contains(entries, e => e.GetProperty("Message").GetString()!.Contains("json-log-1", StringComparison.Ordinal));
    }
}
