using System.Diagnostics;
using System.Text;
using System.Text.Json;
using DigitalTwin.BenchHost;
using MQTTnet;
using MQTTnet.Protocol;

namespace DigitalTwin.Commands;

/// <summary>
/// One benchmark device: its own MQTT connection (client id = twin id, clean start), subscribed to
/// <c>device/{id}/command</c>. It announces itself online and acks every command with success, after the
/// configured execution delay, noting in the ledger when each command arrived and when its ack left.
/// </summary>
public sealed class AckingDevice : IAsyncDisposable
{
    private readonly string _commandTopic;
    private readonly string _ackTopic;
    private readonly string _statusTopic;
    private readonly IMqttClient _client;
    private readonly MqttClientOptions _options;
    private readonly CommandLedger _ledger;
    private readonly BenchErrors _errors;
    private readonly TimeSpan _executionDelay;
    private volatile bool _closing;

    public AckingDevice(string id, int mqttPort, BrokerTransport transport, TimeSpan executionDelay, CommandLedger ledger, BenchErrors errors)
    {
        _commandTopic = $"device/{id}/command";
        _ackTopic = $"device/{id}/ack";
        _statusTopic = $"device/{id}/status";
        _executionDelay = executionDelay;
        _ledger = ledger;
        _errors = errors;
        _client = new MqttClientFactory().CreateMqttClient();
        _client.ApplicationMessageReceivedAsync += OnMessageAsync;
        _client.DisconnectedAsync += OnDisconnectedAsync;

        // MQTT 5 so a refused ack comes back as a PUBACK reason code instead of a silent success.
        _options = transport.Apply(new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", mqttPort)
            .WithClientId(id)
            .WithCleanStart(true)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(60))
            .WithTimeout(TimeSpan.FromSeconds(60)))
            .Build();
    }

    public bool IsConnected => _client.IsConnected;

    /// <summary>Connects, subscribes to the command topic, then publishes <c>online</c> and waits for its PUBACK (the twin has applied it).</summary>
    public async Task<bool> ConnectAsync(CancellationToken cancellationToken)
    {
        try
        {
            var connected = await _client.ConnectAsync(_options, cancellationToken);
            if (connected.ResultCode != MqttClientConnectResultCode.Success)
            {
                _errors.Record($"connect refused: {connected.ResultCode}");
                return false;
            }

            var subscription = new MqttClientFactory().CreateSubscribeOptionsBuilder()
                .WithTopicFilter(_commandTopic, MqttQualityOfServiceLevel.AtLeastOnce)
                .Build();
            var subscribed = await _client.SubscribeAsync(subscription, cancellationToken);
            if ((int)subscribed.Items.Single().ResultCode >= 0x80)
            {
                _errors.Record($"command subscription refused: {subscribed.Items.Single().ResultCode}");
                return false;
            }

            // Subscribed first: the twin sends queued commands as soon as it sees the device online.
            var online = new MqttApplicationMessageBuilder()
                .WithTopic(_statusTopic)
                .WithPayload("online")
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .WithRetainFlag()
                .Build();
            var published = await _client.PublishAsync(online, cancellationToken);
            if ((int)published.ReasonCode >= 0x80)
            {
                _errors.Record($"online refused: {published.ReasonCode} {published.ReasonString}".TrimEnd());
                return false;
            }

            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _errors.Record($"connect failed: {ex.GetType().Name}");
            return false;
        }
    }

    public async Task DisconnectAsync()
    {
        _closing = true;
        if (_client.IsConnected)
        {
            try
            {
                await _client.DisconnectAsync();
            }
            catch (Exception ex)
            {
                _errors.Record($"disconnect failed: {ex.GetType().Name}");
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    private Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs args)
    {
        // Timestamp first: everything after this is the bench's own cost, not the platform's.
        var receivedAt = Stopwatch.GetTimestamp();
        string? commandId;
        try
        {
            using var document = JsonDocument.Parse(args.ApplicationMessage.Payload);
            commandId = document.RootElement.TryGetProperty("command_id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
        }
        catch (JsonException)
        {
            commandId = null;
        }

        if (commandId is null)
        {
            _errors.Record("command without a readable command_id");
            return Task.CompletedTask;
        }

        _ledger.MarkReceived(commandId, receivedAt);

        // Ack off the receive path: MQTTnet hands one message at a time to this handler, and waiting here
        // for the ack's PUBACK would serialize the device's commands behind the twin's recording of each ack.
        _ = AcknowledgeAsync(commandId);
        return Task.CompletedTask;
    }

    private async Task AcknowledgeAsync(string commandId)
    {
        try
        {
            if (_executionDelay > TimeSpan.Zero)
            {
                await Task.Delay(_executionDelay);
            }

            var ack = new MqttApplicationMessageBuilder()
                .WithTopic(_ackTopic)
                .WithPayload(Encoding.UTF8.GetBytes($$$"""{"command_id":"{{{commandId}}}","status":"success","result":{"on":true}}"""))
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .Build();
            _ledger.MarkAckPublished(commandId, Stopwatch.GetTimestamp());
            var result = await _client.PublishAsync(ack);
            if ((int)result.ReasonCode < 0x80)
            {
                _ledger.MarkAckConfirmed(Stopwatch.GetTimestamp());
            }
            else
            {
                _errors.Record($"ack refused: {result.ReasonCode} {result.ReasonString}".TrimEnd());
            }
        }
        catch (Exception ex) when (!_closing)
        {
            _errors.Record($"ack failed: {ex.GetType().Name}");
        }
        catch (Exception)
        {
            // Shutting down: an ack cut off by the disconnect is not a platform error.
        }
    }

    private Task OnDisconnectedAsync(MqttClientDisconnectedEventArgs args)
    {
        if (!_closing)
        {
            _errors.Record($"device disconnected: {args.Reason}");
        }

        return Task.CompletedTask;
    }
}
