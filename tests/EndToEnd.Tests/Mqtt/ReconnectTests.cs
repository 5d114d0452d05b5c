using DigitalTwin.EndToEnd.Tests.Infrastructure;

namespace DigitalTwin.EndToEnd.Tests.Mqtt;

/// <summary>
/// A device that disconnects and at once connects again with the same client id (a re-send, <c>mosquitto_pub</c>
/// run twice) keeps its new connection: the broker finishes with the old one before it takes the new CONNECT.
/// </summary>
[Collection(SiloCollection.Name)]
public sealed class ReconnectTests(SiloFixture fixture)
{
    // Without the broker's wait, the second or third reconnect was already stopped under the new connection.
    private const int Reconnects = 25;

    private readonly SiloProcess _silo = fixture.Silo;

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public async Task ReconnectingWithTheSameIdRightAfterADisconnectKeepsTheNewConnection(int level)
    {
        var id = DeviceTelemetryTests.NewId("reconnect");
        for (var i = 1; i <= Reconnects; i++)
        {
            // The DISCONNECT is sent and the next CONNECT follows without waiting for the broker to close the old
            // connection: the window in which MQTTnet 5.2 took the new connection for the old one and stopped it.
            var connection = await RawMqttConnection.ConnectAsync(_silo.MqttPort, id, level);
            await connection.SendAsync(RawMqttConnection.Publish($"device/{id}/telemetry", $$"""{"temperature":{{i}}}""", qos: 1, packetId: (ushort)i, level));
            var ack = await connection.ReadAsync();
            Assert.True(ack is { Type: MqttFrame.PubAck }, $"publish {i} of {id} got {(ack is null ? "its connection closed" : $"packet type {ack.Type}")}\n{await _silo.SettledLogAsync()}");
            await connection.SendAsync(RawMqttConnection.Disconnect());
            _ = connection.DisposeAsync().AsTask();
        }

        // Every PUBACK came, but the twin applies a queued message a moment later: wait for the last one.
        var twin = await _silo.TwinWhenAsync(id, t => t.GetProperty("state").TryGetProperty("temperature", out var temperature) && temperature.GetDouble() == Reconnects);
        Assert.Equal(Reconnects, twin.GetProperty("state").GetProperty("temperature").GetDouble());
        Assert.DoesNotContain(_silo.Log, line => line.Contains("Sending PUBLISH packet failed", StringComparison.Ordinal));
    }
}
