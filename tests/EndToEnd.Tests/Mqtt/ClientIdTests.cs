using DigitalTwin.EndToEnd.Tests.Infrastructure;

namespace DigitalTwin.EndToEnd.Tests.Mqtt;

/// <summary>
/// Client ids at CONNECT (MQTT 3.1.1 §3.1.3.1, MQTT 5 §3.1.3.1): a client that sends none gets one, as with
/// Mosquitto; an empty id without a clean session is refused with "identifier rejected"; ids starting with
/// <c>$</c> are the platform's and refused, so no client can pose as the platform's own publisher.
/// </summary>
[Collection(SiloCollection.Name)]
public sealed class ClientIdTests(SiloFixture fixture)
{
    private readonly SiloProcess _silo = fixture.Silo;

    [Theory]
    [InlineData("mqttv311")]
    [InlineData("mqttv5")]
    public async Task MosquittoClientsWithoutAnIdAreServed(string version)
    {
        var id = DeviceTelemetryTests.NewId("noid-" + version[^1..]);
        using var watcher = await new Mosquitto(_silo.MqttPort).SubscribeWithoutIdAsync(version, "twin/+/update", "device/+/error");

        var (exit, output) = await new Mosquitto(_silo.MqttPort).RunAsync("mosquitto_pub", "-V", version, "-q", "1", "-t", $"device/{id}/telemetry", "-m", """{"temperature":1}""");

        Assert.True(exit == 0, output);
        await watcher.WaitForLineAsync(l => l.StartsWith($"twin/{id}/update ", StringComparison.Ordinal), "the twin update of the id-less publisher");
    }

    [Fact]
    public async Task AnEmptyIdWithoutCleanSessionIsRefusedWithIdentifierRejected()
    {
        var logged = _silo.Log.Count;
        await using var connection = await RawMqttConnection.OpenAsync(_silo.MqttPort);

        await connection.SendAsync(RawMqttConnection.Connect("", cleanSession: false, level: 4));

        var connAck = await connection.ReadAsync();
        Assert.NotNull(connAck);
        Assert.Equal(MqttFrame.ConnAck, connAck.Type);
        Assert.Equal(0x02, connAck.Body[1]);
        Assert.Null(await connection.ReadAsync());
        await Eventually.GetAsync(
            () => Task.FromResult(_silo.Log.Skip(logged).Any(l => l.Contains("empty client id without clean session", StringComparison.Ordinal))),
            seen => seen,
            what: "the refusal logged");
        var since = _silo.Log.Skip(logged).ToList();
        Assert.DoesNotContain(since, l => l.StartsWith("fail:", StringComparison.Ordinal) || l.Contains("MqttProtocolViolationException", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("$platform", 4, 0x02)]
    [InlineData("$x", 4, 0x02)]
    [InlineData("$platform", 5, 0x85)]
    [InlineData("$x", 5, 0x85)]
    public async Task ClientIdsStartingWithDollarAreRefused(string clientId, int level, int reason)
    {
        await using var connection = await RawMqttConnection.OpenAsync(_silo.MqttPort);

        await connection.SendAsync(RawMqttConnection.Connect(clientId, cleanSession: true, level));

        var connAck = await connection.ReadAsync();
        Assert.NotNull(connAck);
        Assert.Equal(MqttFrame.ConnAck, connAck.Type);
        Assert.Equal(reason, connAck.Body[1]);
        Assert.Null(await connection.ReadAsync());
    }
}
