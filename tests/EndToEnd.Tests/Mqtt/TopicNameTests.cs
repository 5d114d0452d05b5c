using DigitalTwin.EndToEnd.Tests.Infrastructure;

namespace DigitalTwin.EndToEnd.Tests.Mqtt;

/// <summary>
/// A PUBLISH whose topic name is no topic name (a wildcard, U+0000, empty after alias resolution) breaks the
/// protocol (MQTT-3.3.2-2, §4.7): the broker closes the connection (MQTT 5: DISCONNECT 0x90 first), sends no
/// PUBACK, delivers nothing, and counts it.
/// </summary>
[Collection(SiloCollection.Name)]
public sealed class TopicNameTests(SiloFixture fixture)
{
    private readonly SiloProcess _silo = fixture.Silo;
    private readonly Mosquitto _mqtt = fixture.Mqtt;
    private readonly BrokerRefusals _refusals = new(fixture.Silo, fixture.Mqtt);

    public static TheoryData<int, string> BadTopics()
    {
        var data = new TheoryData<int, string>();
        foreach (var level in new[] { 4, 5 })
        {
            foreach (var topic in new[] { "device/+/telemetry", "device/x/#", "a/+", "#", "e2e/nul\0here", "" })
            {
                data.Add(level, topic);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(BadTopics))]
    public async Task PublishOnAnInvalidTopicNameClosesTheConnectionAndDeliversNothing(int level, string topic)
    {
        var marker = "bad-" + Guid.NewGuid().ToString("N");
        using var everything = await _mqtt.SubscribeAsync(marker + "-all", "#");
        var refusedBefore = await _refusals.CountAsync("INVALID_TOPIC_NAME");
        await using var connection = await RawMqttConnection.ConnectAsync(_silo.MqttPort, marker, level);

        await connection.SendAsync(RawMqttConnection.Publish(topic, marker, qos: 1, packetId: 7, level));

        await BrokerRefusals.ExpectClosedAsync(connection, level, 0x90);
        await Eventually.GetAsync(() => _refusals.CountAsync("INVALID_TOPIC_NAME"), count => count > refusedBefore, what: "INVALID_TOPIC_NAME counted");
        await _refusals.AssertNotDeliveredAsync(everything, marker);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public async Task PublishOnAValidTopicNameIsStillAcknowledgedAndDelivered(int level)
    {
        var marker = "good-" + Guid.NewGuid().ToString("N");
        using var everything = await _mqtt.SubscribeAsync(marker + "-all", "#");
        await using var connection = await RawMqttConnection.ConnectAsync(_silo.MqttPort, marker, level);

        await connection.SendAsync(RawMqttConnection.Publish($"e2e/{marker}", marker, qos: 1, packetId: 9, level));

        var pubAck = await connection.ReadAsync();
        Assert.Equal(MqttFrame.PubAck, pubAck?.Type);
        await everything.WaitForLineAsync(l => l == $"e2e/{marker} {marker}", "the valid publish delivered");
    }

    [Fact]
    public async Task AViolationIsLoggedUnderTheIdTheBrokerAssigned()
    {
        await using var connection = await RawMqttConnection.OpenAsync(_silo.MqttPort);
        await connection.SendAsync(RawMqttConnection.Connect("", cleanSession: true, level: 5));
        var connAck = await connection.ReadAsync();
        Assert.NotNull(connAck);
        var assigned = System.Text.Encoding.UTF8.GetString(connAck.Properties(2)[0x12].AsSpan(2));

        await connection.SendAsync(RawMqttConnection.Publish("a/+", "x", qos: 1, packetId: 1, level: 5));

        await BrokerRefusals.ExpectClosedAsync(connection, 5, 0x90);
        await Eventually.GetAsync(
            () => Task.FromResult(_silo.Log.Any(l => l.Contains($"Closed the connection of MQTT client '{assigned}'", StringComparison.Ordinal))),
            seen => seen,
            what: $"the violation logged under {assigned}");
    }
}
