using System.Buffers;
using System.Threading.Channels;
using DigitalTwin.Behaviour.Dataset;
using DigitalTwin.Behaviour.Wire;
using DigitalTwin.DeviceSimulator.Control;
using DigitalTwin.DeviceSimulator.Telemetry;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using DigitalTwin.DeviceSimulator.Traffic;

namespace DigitalTwin.DeviceSimulator.Fleet;

/// <summary>
/// One simulated device on its own MQTT 5 connection. It registers a retained <c>offline</c> last will, subscribes
/// to its commands and desired state before announcing <c>online</c> (retained), publishes telemetry at its interval
/// (QoS 1), answers commands with acks and reports the state they and desired documents change. A lost connection
/// is retried with exponential backoff. After each network window it publishes the window's features on
/// <c>device/{id}/network</c> and hands the window's ground truth to the ground-truth file, never to MQTT. A lost connection
/// is retried with exponential backoff; the persistent session (clean start off, with an expiry) keeps commands the
/// broker accepted for the device while it was away. Commands and desired documents are worked off one at a time
/// outside MQTTnet's receive handler, so a long action never blocks the connection's acknowledgements.
/// </summary>
public sealed class SimulatedDevice : IAsyncDisposable
{
    private static readonly byte[] Online = "online"u8.ToArray();
    private static readonly byte[] Offline = "offline"u8.ToArray();
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LastBackoff = TimeSpan.FromSeconds(30);

    private readonly DeviceModel _model;
    private readonly DevicePlan _plan;
    private readonly GroundTruthFile _groundTruth;
    private readonly double _windowSeconds;
    private readonly CommandHandler _commands;
    private readonly DesiredStateHandler _desired;
    private readonly Xoshiro256 _random;
    private readonly DeviceTopics _topics;
    private readonly IMqttClient _client;
    private readonly MqttClientOptions _options;
    private readonly ConnectPacer _pacer;
    private readonly FleetCounters _counters;
    private readonly TimeProvider _time;
    private readonly Lock _modelGate = new();
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly Channel<MqttApplicationMessage> _inbound = Channel.CreateUnbounded<MqttApplicationMessage>(new() { SingleReader = true });
    private bool _everConnected;

    public SimulatedDevice(
        DevicePlan plan, DeviceModel model, CommandHandler commands, Xoshiro256 random, DeviceConnection connection, double windowSeconds,
        GroundTruthFile groundTruth, ConnectPacer pacer, FleetCounters counters, TimeProvider time)
    {
        _plan = plan;
        _model = model;
        _windowSeconds = windowSeconds;
        _groundTruth = groundTruth;
        _commands = commands;
        _desired = new DesiredStateHandler(model);
        _random = random;
        _topics = DeviceTopics.For(model.Id);
        _pacer = pacer;
        _counters = counters;
        _time = time;
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(connection.Broker, connection.Port)
            .WithClientId(model.Id)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithCleanStart(false)
            .WithSessionExpiryInterval((uint)connection.SessionExpiry.TotalSeconds)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(30))
            .WithTimeout(TimeSpan.FromSeconds(30))
            .WithWillTopic(_topics.Status)
            .WithWillPayload(Offline)
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithWillRetain(true)
            .WithBrokerSecurity(connection.Security, model.Id);

        _options = builder.Build();
        _client = new MqttClientFactory().CreateMqttClient();
        _client.ApplicationMessageReceivedAsync += e =>
        {
            _inbound.Writer.TryWrite(e.ApplicationMessage);
            return Task.CompletedTask;
        };
        _client.DisconnectedAsync += e =>
        {
            if (e.ClientWasConnected)
            {
                _counters.DeviceDisconnected();
                Wake();
            }

            return Task.CompletedTask;
        };
    }

    /// <summary>Runs the device until <paramref name="stopping"/> is cancelled, then says <c>offline</c> and disconnects.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        var work = WorkOffInboundAsync(stopping);
        try
        {
            await ConnectAsync(stopping);
            // Spread the first readings over one interval so the fleet does not publish in lockstep; windows share
            // their boundaries across the fleet, but each device sends its window a little after the end, at its own delay.
            var nextReading = _time.GetUtcNow() + _model.Interval * _random.NextDouble();
            var windowDelay = TimeSpan.FromSeconds(_windowSeconds * _random.Uniform(0.02, 0.2));
            var windowStart = WindowStartOf(_time.GetUtcNow());
            while (!stopping.IsCancellationRequested)
            {
                var windowDue = windowStart.AddSeconds(_windowSeconds) + windowDelay;
                var wait = (nextReading < windowDue ? nextReading : windowDue) - _time.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    await _wake.WaitAsync(wait, stopping);
                }

                if (!_client.IsConnected)
                {
                    await ConnectAsync(stopping);
                    continue;
                }

                var now = _time.GetUtcNow();
                if (now >= windowDue)
                {
                    await PublishWindowAsync(windowStart, stopping);
                    // After a long outage the device resumes with the current window; the ones in between are not sent.
                    windowStart = Max(windowStart.AddSeconds(_windowSeconds), WindowStartOf(now).AddSeconds(-_windowSeconds));
                }

                if (now >= nextReading)
                {
                    await PublishReadingAsync(now, stopping);
                    nextReading += _model.Interval;
                    if (nextReading < now)
                    {
                        // Fell behind (a long reconnect, a changed interval): start afresh instead of bursting.
                        nextReading = now + _model.Interval;
                    }
                }
            }
        }
        catch (Exception) when (stopping.IsCancellationRequested)
        {
            // MQTTnet reports an operation cut short by cancellation as a timeout as often as a cancellation.
        }

        _inbound.Writer.TryComplete();
        await work;
        await GoOfflineAsync();
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        _wake.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task ConnectAsync(CancellationToken stopping)
    {
        var backoff = FirstBackoff;
        while (true)
        {
            await _pacer.WaitTurnAsync(stopping);
            try
            {
                var result = await _client.ConnectAsync(_options, stopping);
                if (result.ResultCode == MqttClientConnectResultCode.Success)
                {
                    if (!result.IsSessionPresent)
                    {
                        await SubscribeAsync(stopping);
                    }

                    // The state report names the device type, so a twin that auto-discovery creates is typed before any
                    // command can reach it; online comes last, once the command subscription stands, so commands the
                    // platform queued go out to a listener.
                    await ReportStateAsync(stopping);
                    await PublishAsync(_topics.Status, Online, retain: true, stopping);
                    _counters.DeviceConnected();
                    if (_everConnected)
                    {
                        _counters.Reconnected();
                    }

                    _everConnected = true;
                    return;
                }

                _counters.Error($"connect refused: {result.ResultCode}");
            }
            catch (Exception ex) when (!stopping.IsCancellationRequested)
            {
                _counters.Error($"connect failed: {ex.GetType().Name}");
                await DropConnectionAsync();
            }

            // Jitter keeps a fleet that lost the broker together from coming back together.
            await Task.Delay(backoff * _random.Uniform(0.8, 1.2), _time, stopping);
            backoff = backoff * 2 < LastBackoff ? backoff * 2 : LastBackoff;
        }
    }

    private async Task SubscribeAsync(CancellationToken stopping)
    {
        var subscribe = new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(f => f.WithTopic(_topics.Command).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.ExactlyOnce))
            .WithTopicFilter(f => f.WithTopic(_topics.Desired).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce))
            .Build();
        var result = await _client.SubscribeAsync(subscribe, stopping);
        foreach (var item in result.Items)
        {
            if (item.ResultCode > MqttClientSubscribeResultCode.GrantedQoS2)
            {
                throw new InvalidOperationException($"subscription to {item.TopicFilter.Topic} refused: {item.ResultCode}");
            }
        }
    }

    private async Task PublishReadingAsync(DateTimeOffset now, CancellationToken stopping)
    {
        byte[] payload;
        lock (_modelGate)
        {
            payload = _model.Read(now).ToEnvelope(_model.Id, _model.Type, now);
        }

        if (await PublishAsync(_topics.Telemetry, payload, retain: false, stopping))
        {
            _counters.TelemetrySent();
        }
    }

    private async Task PublishWindowAsync(DateTimeOffset windowStart, CancellationToken stopping)
    {
        var sample = _plan.Network.Next(windowStart);
        _groundTruth.Record(new DatasetRow(_model.Id, _model.Type, sample.Window, Split: _plan.Split, Truth: sample.Truth));
        if (await PublishAsync(_topics.Network, NetworkPayload.ToUtf8Bytes(sample.Window), retain: false, stopping))
        {
            _counters.NetworkWindowSent();
        }
    }

    private DateTimeOffset WindowStartOf(DateTimeOffset time)
    {
        var milliseconds = (long)(_windowSeconds * 1000);
        var unix = time.ToUnixTimeMilliseconds();
        return DateTimeOffset.FromUnixTimeMilliseconds(unix - unix % milliseconds);
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private async Task WorkOffInboundAsync(CancellationToken stopping)
    {
        await foreach (var message in _inbound.Reader.ReadAllAsync(CancellationToken.None))
        {
            if (stopping.IsCancellationRequested)
            {
                // Left unanswered: the platform times the command out, as with a device switched off mid-action.
                continue;
            }

            try
            {
                var payload = message.Payload.ToArray();
                if (message.Topic == _topics.Command)
                {
                    await AnswerCommandAsync(payload, stopping);
                }
                else if (message.Topic == _topics.Desired)
                {
                    await ApplyDesiredAsync(payload, stopping);
                }
            }
            catch (Exception) when (stopping.IsCancellationRequested)
            {
            }
            catch (Exception ex)
            {
                _counters.Error($"handling {message.Topic.Split('/')[^1]} failed: {ex.GetType().Name}");
            }
        }
    }

    private async Task AnswerCommandAsync(byte[] payload, CancellationToken stopping)
    {
        _counters.CommandReceived();
        var command = DeviceCommand.Parse(payload, out var problem);
        if (command is null)
        {
            _counters.Error($"command unreadable: {problem}");
            return;
        }

        var received = _time.GetUtcNow();
        CommandAnswer answer;
        lock (_modelGate)
        {
            answer = _commands.Handle(command, received);
        }

        // The ack leaves when the action is done, as a real device's would.
        var executionTime = TimeSpan.FromSeconds(answer.Outcome.ExecutionSeconds);
        await Task.Delay(executionTime, _time, stopping);
        if (await PublishAsync(_topics.Ack, answer.ToAck(_model.Id, received + executionTime), retain: false, stopping))
        {
            _counters.AckSent(answer.Outcome.Succeeded);
        }

        if (answer.Outcome.Succeeded)
        {
            await ReportStateAsync(stopping);
        }
    }

    private async Task ApplyDesiredAsync(byte[] payload, CancellationToken stopping)
    {
        var now = _time.GetUtcNow();
        DesiredApplication? application;
        lock (_modelGate)
        {
            application = _desired.Apply(payload, now);
        }

        if (application is null)
        {
            return;
        }

        if (application.ToErrorReport(_model.Id, now) is { } report)
        {
            await PublishAsync(_topics.Error, report, retain: false, stopping);
        }

        if (application.ShouldReport)
        {
            _counters.DesiredFieldsApplied(application.Applied.Count);
            await PublishAsync(_topics.State, application.State.ToEnvelope(_model.Id, _model.Type, now), retain: false, stopping);
        }
    }

    private async Task ReportStateAsync(CancellationToken stopping)
    {
        var now = _time.GetUtcNow();
        byte[] payload;
        lock (_modelGate)
        {
            payload = _model.State().ToEnvelope(_model.Id, _model.Type, now);
        }

        await PublishAsync(_topics.State, payload, retain: false, stopping);
    }

    /// <summary>QoS 1; false (and counted) when the broker refused it or the connection was gone.</summary>
    private async Task<bool> PublishAsync(string topic, byte[] payload, bool retain, CancellationToken stopping)
    {
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithRetainFlag(retain)
            .Build();
        try
        {
            var result = await _client.PublishAsync(message, stopping);
            if (result.IsSuccess)
            {
                _counters.MessagePublished();
                return true;
            }

            _counters.Error($"publish refused: {result.ReasonCode}");
        }
        catch (Exception ex)
        {
            // A publish cut short by the fleet stopping is no error; everything else is counted, and the device goes on.
            if (!stopping.IsCancellationRequested)
            {
                _counters.Error($"publish failed: {ex.GetType().Name}");
            }
        }

        return false;
    }

    private async Task GoOfflineAsync()
    {
        if (!_client.IsConnected)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            if (await PublishAsync(_topics.Status, Offline, retain: true, timeout.Token))
            {
                _counters.DeviceSaidOffline();
            }

            // A clean stop ends the session too: the platform queues commands for an offline device itself.
            var disconnect = new MqttClientDisconnectOptionsBuilder()
                .WithReason(MqttClientDisconnectOptionsReason.NormalDisconnection)
                .WithSessionExpiryInterval(0)
                .Build();
            await _client.DisconnectAsync(disconnect, timeout.Token);
        }
        catch (Exception ex)
        {
            _counters.Error($"disconnect failed: {ex.GetType().Name}");
        }
    }

    /// <summary>Drops a connection left half set up (connected, but subscribing or announcing failed) before the retry.</summary>
    private async Task DropConnectionAsync()
    {
        try
        {
            if (_client.IsConnected)
            {
                await _client.DisconnectAsync(cancellationToken: CancellationToken.None);
            }
        }
        catch (Exception ex)
        {
            _counters.Error($"disconnect failed: {ex.GetType().Name}");
        }
    }

    private void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already woken; one wake-up is enough.
        }
    }
}
