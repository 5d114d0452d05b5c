using System.Collections.Concurrent;
using System.Diagnostics;
using DigitalTwin.EndToEnd.Tests.Infrastructure;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace DigitalTwin.EndToEnd.Tests.Mqtt;

/// <summary>
/// The MQTT 5 features the broker implements beyond MQTTnet (docs/mqtt.md, "MQTT 5 features"): the CONNACK
/// states what the broker does, topic aliases are bounded by the Topic Alias Maximum it advertises,
/// nothing larger than a client's Maximum Packet Size is sent to it, and expired messages are not delivered.
/// </summary>
[Collection(SiloCollection.Name)]
public sealed class Mqtt5FeatureTests(SiloFixture fixture)
{
    private const int TopicAliasMaximum = 0x22;
    private const int SharedSubscriptionAvailable = 0x2A;
    private const int ServerKeepAlive = 0x13;
    private const int MaximumQoS = 0x24;
    private const int RetainAvailable = 0x25;

    private readonly SiloProcess _silo = fixture.Silo;
    private readonly Mosquitto _mqtt = fixture.Mqtt;
    private readonly BrokerRefusals _refusals = new(fixture.Silo, fixture.Mqtt);

    [Fact]
    public async Task ConnAckStatesTheTopicAliasMaximumAndWhatTheBrokerSupports()
    {
        await using var connection = await RawMqttConnection.OpenAsync(_silo.MqttPort);
        await connection.SendAsync(RawMqttConnection.Connect("e2e-connack-" + Guid.NewGuid().ToString("N"), cleanSession: true, level: 5));

        var connAck = await connection.ReadAsync();

        Assert.NotNull(connAck);
        Assert.Equal(0, connAck.Body[1]);
        var properties = connAck.Properties(2);
        Assert.Equal([0, 10], properties[TopicAliasMaximum]);
        Assert.Equal([0], properties[SharedSubscriptionAvailable]);
        Assert.False(properties.ContainsKey(ServerKeepAlive), "the broker keeps the client's keep alive, so it states none of its own");
        Assert.True(!properties.TryGetValue(MaximumQoS, out var qos) || qos[0] == 2, "QoS 2 is supported");
        Assert.True(!properties.TryGetValue(RetainAvailable, out var retain) || retain[0] == 1, "retained messages are supported");
    }

    [Fact]
    public async Task TopicAliasAboveTheMaximumClosesTheConnectionWithTopicAliasInvalid()
    {
        var marker = "alias-" + Guid.NewGuid().ToString("N");
        using var everything = await _mqtt.SubscribeAsync(marker + "-all", "#");
        var refusedBefore = await _refusals.CountAsync("INVALID_TOPIC_ALIAS");
        await using var connection = await RawMqttConnection.ConnectAsync(_silo.MqttPort, marker, level: 5);

        await connection.SendAsync(RawMqttConnection.Publish($"e2e/{marker}", marker, qos: 1, packetId: 3, level: 5, topicAlias: 11));

        await BrokerRefusals.ExpectClosedAsync(connection, level: 5, reason: 0x94);
        await Eventually.GetAsync(() => _refusals.CountAsync("INVALID_TOPIC_ALIAS"), count => count > refusedBefore, what: "INVALID_TOPIC_ALIAS counted");
        await _refusals.AssertNotDeliveredAsync(everything, marker);
    }

    [Fact]
    public async Task TopicAliasesUpToTheMaximumStandForTheirTopic()
    {
        var marker = "alias-ok-" + Guid.NewGuid().ToString("N");
        using var subscriber = await _mqtt.SubscribeAsync(marker + "-sub", $"e2e/{marker}");
        await using var connection = await RawMqttConnection.ConnectAsync(_silo.MqttPort, marker, level: 5);

        await connection.SendAsync(RawMqttConnection.Publish($"e2e/{marker}", "first", qos: 1, packetId: 1, level: 5, topicAlias: 10));
        Assert.Equal(MqttFrame.PubAck, (await connection.ReadAsync())?.Type);
        await connection.SendAsync(RawMqttConnection.Publish("", "second", qos: 1, packetId: 2, level: 5, topicAlias: 10));
        Assert.Equal(MqttFrame.PubAck, (await connection.ReadAsync())?.Type);

        await subscriber.WaitForLineAsync(l => l == $"e2e/{marker} second", "the publish sent by alias");
        Assert.Contains($"e2e/{marker} first", subscriber.Lines);
    }

    [Fact]
    public async Task AnAliasNeverGivenATopicIsAnEmptyTopicName()
    {
        var marker = "alias-unknown-" + Guid.NewGuid().ToString("N");
        await using var connection = await RawMqttConnection.ConnectAsync(_silo.MqttPort, marker, level: 5);

        await connection.SendAsync(RawMqttConnection.Publish("", marker, qos: 1, packetId: 4, level: 5, topicAlias: 4));

        await BrokerRefusals.ExpectClosedAsync(connection, level: 5, reason: 0x90);
    }

    [Fact]
    public async Task NothingLargerThanTheClientsMaximumPacketSizeIsSentToIt()
    {
        var marker = "maxsize-" + Guid.NewGuid().ToString("N");
        var topic = $"e2e/{marker}";
        var received = new ConcurrentQueue<string>();
        using var client = new MqttClientFactory().CreateMqttClient();
        client.ApplicationMessageReceivedAsync += args =>
        {
            received.Enqueue(args.ApplicationMessage.ConvertPayloadToString());
            return Task.CompletedTask;
        };
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", _silo.MqttPort)
            .WithClientId(marker)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithMaximumPacketSize(512)
            .Build();
        await client.ConnectAsync(options);
        await client.SubscribeAsync(topic, MqttQualityOfServiceLevel.AtLeastOnce);

        // About 450 bytes as a PUBLISH: within the limit, so it must still come through.
        var fits = "fits-" + new string('x', 395);
        await _mqtt.PublishAsync(topic, "big-" + new string('x', 1000), clientId: marker + "-big");
        await _mqtt.PublishAsync(topic, fits, clientId: marker + "-fits");
        await _mqtt.PublishAsync(topic, "small", clientId: marker + "-small");

        await Eventually.GetAsync(() => Task.FromResult(received.ToArray()), messages => messages.Contains("small"), what: "the small message delivered");
        Assert.Contains(fits, received);
        Assert.DoesNotContain(received, m => m.StartsWith("big-", StringComparison.Ordinal));
        await client.PingAsync();
        Assert.True(client.IsConnected);
    }

    [Fact]
    public async Task AnExpiredMessageIsNotDeliveredAndALiveOneCarriesTheIntervalThatRemains()
    {
        var marker = "expiry-" + Guid.NewGuid().ToString("N");
        using var publisher = await ConnectAsync(marker + "-pub");
        await publisher.PublishAsync(Retained($"e2e/{marker}/short", expiry: 1));
        await publisher.PublishAsync(Retained($"e2e/{marker}/long", expiry: 3600));
        var waited = Stopwatch.StartNew();

        // The broker counts whole seconds waited, so the long message shows less than 3600 only once it has waited a
        // full second, which may be a moment after the short one expired: asked from 1.5 s on (the broker stamped it
        // before acknowledging, so it has waited at least as long), it must show at most 3599.
        var delivered = await Eventually.GetAsync(
            () => RetainedAsync(marker),
            messages => messages.All(m => !m.Topic.EndsWith("/short", StringComparison.Ordinal)) && waited.Elapsed >= TimeSpan.FromSeconds(1.5),
            what: "the retained message with 1 s to live no longer delivered");

        var live = Assert.Single(delivered);
        Assert.Equal($"e2e/{marker}/long", live.Topic);
        Assert.InRange(live.MessageExpiryInterval, 3600u - 60, 3599u);
        Assert.DoesNotContain(live.UserProperties ?? [], p => p.Name.StartsWith('$'));
    }

    private async Task<IMqttClient> ConnectAsync(string clientId)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", _silo.MqttPort)
            .WithClientId(clientId)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .Build();
        await client.ConnectAsync(options);
        return client;
    }

    private static MqttApplicationMessage Retained(string topic, uint expiry) => new MqttApplicationMessageBuilder()
        .WithTopic(topic)
        .WithPayload(topic)
        .WithRetainFlag()
        .WithMessageExpiryInterval(expiry)
        .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
        .Build();

    /// <summary>The retained messages a newly subscribing client gets under <c>e2e/{marker}/</c>: all of them arrive before a probe published after the subscription.</summary>
    private async Task<IReadOnlyList<MqttApplicationMessage>> RetainedAsync(string marker)
    {
        var probe = $"e2e/{marker}/probe";
        var received = new ConcurrentQueue<MqttApplicationMessage>();
        using var subscriber = await ConnectAsync($"{marker}-sub-{Guid.NewGuid():N}");
        subscriber.ApplicationMessageReceivedAsync += args =>
        {
            received.Enqueue(args.ApplicationMessage);
            return Task.CompletedTask;
        };
        await subscriber.SubscribeAsync($"e2e/{marker}/#", MqttQualityOfServiceLevel.AtLeastOnce);
        await subscriber.PublishStringAsync(probe, "probe", MqttQualityOfServiceLevel.AtLeastOnce);
        await Eventually.GetAsync(() => Task.FromResult(received.Any(m => m.Topic == probe)), seen => seen, what: "the probe after the retained messages");
        await subscriber.DisconnectAsync();
        return [.. received.Where(m => m.Topic != probe)];
    }
}
