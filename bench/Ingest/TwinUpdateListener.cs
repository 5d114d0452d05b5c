using System.Diagnostics;
using MQTTnet;
using MQTTnet.Protocol;
using DigitalTwin.BenchHost;

namespace DigitalTwin.Ingest;

/// <summary>
/// One subscriber on <c>twin/+/update</c>, as a dashboard or downstream service would be. Each update is
/// matched to the device message whose seq it carries, which times the full path: device → broker →
/// bridge → stream → twin grain → broker → subscriber.
/// </summary>
public sealed class TwinUpdateListener : IAsyncDisposable
{
    public const string ClientId = "bench-updates";
    private const string TopicFilter = "twin/+/update";

    private readonly IMqttClient _client;
    private readonly IReadOnlyDictionary<string, SimulatedDevice> _devices;
    private readonly IngestTally _tally;
    private readonly BenchErrors _errors;
    private volatile bool _closing;

    private TwinUpdateListener(IMqttClient client, IReadOnlyDictionary<string, SimulatedDevice> devices, IngestTally tally, BenchErrors errors)
    {
        _client = client;
        _devices = devices;
        _tally = tally;
        _errors = errors;
    }

    public static async Task<TwinUpdateListener> ConnectAsync(
        int mqttPort, int qos, IReadOnlyDictionary<string, SimulatedDevice> devices, IngestTally tally, BenchErrors errors, BrokerTransport transport, CancellationToken cancellationToken)
    {
        var factory = new MqttClientFactory();
        var client = factory.CreateMqttClient();
        var listener = new TwinUpdateListener(client, devices, tally, errors);
        client.ApplicationMessageReceivedAsync += listener.OnMessageAsync;
        client.DisconnectedAsync += listener.OnDisconnectedAsync;

        var options = transport.Apply(new MqttClientOptionsBuilder())
            .WithTcpServer("127.0.0.1", mqttPort)
            .WithClientId(ClientId)
            .WithCleanStart(true)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(60))
            .WithTimeout(TimeSpan.FromSeconds(60))
            .Build();
        await client.ConnectAsync(options, cancellationToken);

        // QoS 1 by default, like a consumer that must not miss changes; the broker still drops the oldest
        // queued messages once this one subscriber falls too far behind, which the report shows as missing updates.
        var subscription = factory.CreateSubscribeOptionsBuilder()
            .WithTopicFilter(TopicFilter, (MqttQualityOfServiceLevel)qos)
            .Build();
        var result = await client.SubscribeAsync(subscription, cancellationToken);
        var granted = result.Items.Single().ResultCode;
        if ((int)granted >= 0x80)
        {
            throw new InvalidOperationException($"The broker refused the subscription to {TopicFilter}: {granted}.");
        }

        return listener;
    }

    public async ValueTask DisposeAsync()
    {
        _closing = true;
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync();
        }

        _client.Dispose();
    }

    private Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs args)
    {
        // Timestamp first: everything after this is the bench's own cost, not the platform's.
        var receivedAt = Stopwatch.GetTimestamp();
        try
        {
            if (!TwinUpdateMessage.TryRead(args.ApplicationMessage.Payload, out var twinId, out var seq))
            {
                _tally.UpdateWithoutSeq();
            }
            else if (_devices.TryGetValue(twinId, out var device) && device.TryTakeSendTime(seq, out var sentAt))
            {
                _tally.UpdateReceived(sentAt, receivedAt);
            }
            else
            {
                _tally.UnmatchedUpdate();
            }
        }
        catch (System.Text.Json.JsonException)
        {
            _errors.Record("twin update not valid JSON");
        }

        return Task.CompletedTask;
    }

    private Task OnDisconnectedAsync(MqttClientDisconnectedEventArgs args)
    {
        if (!_closing)
        {
            _errors.Record($"update subscriber disconnected: {args.Reason}");
        }

        return Task.CompletedTask;
    }
}
