using System.Collections.Concurrent;
using System.Diagnostics;
using MQTTnet;
using MQTTnet.Protocol;
using DigitalTwin.BenchHost;

namespace DigitalTwin.Ingest;

/// <summary>
/// One benchmark device: its own MQTT connection (client id = device id, clean session) publishing QoS 1
/// telemetry with a per-device sequence number. It remembers when each message was sent so the PUBACK and
/// the twin update can be timed against it.
/// </summary>
public sealed class SimulatedDevice : IAsyncDisposable
{
    /// <summary>Cap on unacknowledged messages in rate mode, so a saturated silo slows the device instead of piling up publishes.</summary>
    private const int MaxInFlight = 64;

    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(1);

    private readonly int _index;
    private readonly string _topic;
    private readonly IMqttClient _client;
    private readonly MqttClientOptions _options;
    private readonly IngestTally _tally;
    private readonly BenchErrors _errors;

    // Send times by seq until the twin update for it arrives (read and removed by the update listener's thread).
    private readonly ConcurrentDictionary<long, long> _awaitingUpdate = new();

    // Every send time in seq order; written only by this device's send loop, read after it has stopped.
    private readonly List<long> _sentAt = [];
    private readonly SemaphoreSlim _inFlight = new(MaxInFlight, MaxInFlight);
    private long _seq;

    public SimulatedDevice(int index, string id, int mqttPort, IngestTally tally, BenchErrors errors)
    {
        _index = index;
        Id = id;
        _topic = $"device/{id}/telemetry";
        _tally = tally;
        _errors = errors;
        _client = new MqttClientFactory().CreateMqttClient();

        // MQTT 5 so a refused message comes back as a PUBACK reason code instead of a silent success.
        _options = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", mqttPort)
            .WithClientId(id)
            .WithCleanStart(true)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(60))
            .WithTimeout(TimeSpan.FromSeconds(60))
            .Build();
    }

    public string Id { get; }

    public bool IsConnected => _client.IsConnected;

    public async Task<bool> ConnectAsync(CancellationToken cancellationToken)
    {
        try
        {
            var result = await _client.ConnectAsync(_options, cancellationToken);
            if (result.ResultCode == MqttClientConnectResultCode.Success)
            {
                return true;
            }

            _errors.Record($"connect refused: {result.ResultCode}");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _errors.Record($"connect failed: {ex.GetType().Name}");
        }

        return false;
    }

    /// <summary>
    /// Publishes until <paramref name="stopping"/> is cancelled, then waits for the messages still in flight.
    /// <paramref name="abort"/> gives up on those too.
    /// </summary>
    public Task RunAsync(double ratePerSecond, CancellationToken stopping, CancellationToken abort) =>
        ratePerSecond > 0 ? RunAtRateAsync(ratePerSecond, stopping, abort) : RunClosedLoopAsync(stopping, abort);

    /// <summary>Takes the send time of <paramref name="seq"/>; false when none is waiting (duplicate update or failed publish).</summary>
    public bool TryTakeSendTime(long seq, out long sentAt) => _awaitingUpdate.TryRemove(seq, out sentAt);

    /// <summary>Messages sent inside the window. Call only after <see cref="RunAsync"/> has completed.</summary>
    public int CountSentWithin(MeasurementWindow window) => _sentAt.Count(window.Contains);

    public async Task DisconnectAsync()
    {
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
        _inFlight.Dispose();
        return ValueTask.CompletedTask;
    }

    // One message in flight: the next one leaves when the previous PUBACK is back, so the rate found is
    // what the platform sustains at this many devices, not what we asked for.
    private async Task RunClosedLoopAsync(CancellationToken stopping, CancellationToken abort)
    {
        while (!stopping.IsCancellationRequested)
        {
            if (!await EnsureConnectedAsync(stopping))
            {
                continue;
            }

            await PublishNextAsync(abort);
        }
    }

    private async Task RunAtRateAsync(double ratePerSecond, CancellationToken stopping, CancellationToken abort)
    {
        var interval = TimeSpan.FromSeconds(1 / ratePerSecond);
        try
        {
            // Spread the devices over one interval so they do not all publish on the same tick.
            await Task.Delay(TimeSpan.FromTicks(Random.Shared.NextInt64(interval.Ticks)), stopping);
            using var timer = new PeriodicTimer(interval);
            while (await timer.WaitForNextTickAsync(stopping))
            {
                if (!await EnsureConnectedAsync(stopping))
                {
                    continue;
                }

                await _inFlight.WaitAsync(stopping);
                _ = PublishAndReleaseAsync(abort);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopped; fall through to wait for what is in flight.
        }

        for (var i = 0; i < MaxInFlight; i++)
        {
            await _inFlight.WaitAsync(abort);
        }
    }

    private async Task PublishAndReleaseAsync(CancellationToken abort)
    {
        try
        {
            await PublishNextAsync(abort);
        }
        finally
        {
            _inFlight.Release();
        }
    }

    private async Task PublishNextAsync(CancellationToken abort)
    {
        var seq = ++_seq;
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(_topic)
            .WithPayload(TelemetryPayload.For(_index, seq))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        var sentAt = Stopwatch.GetTimestamp();
        _sentAt.Add(sentAt);
        _awaitingUpdate[seq] = sentAt;
        try
        {
            var result = await _client.PublishAsync(message, abort);
            var acknowledgedAt = Stopwatch.GetTimestamp();

            // MQTT 5 reason codes below 0x80 are successes (NoMatchingSubscribers included: nobody subscribes to device topics).
            if ((int)result.ReasonCode < 0x80)
            {
                _tally.Acknowledge(sentAt, acknowledgedAt);
                return;
            }

            _errors.Record($"PUBACK refused: {result.ReasonCode} {result.ReasonString}".TrimEnd());
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            _errors.Record("PUBACK still outstanding when the drain timed out");
        }
        catch (Exception ex)
        {
            _errors.Record($"publish failed: {ex.GetType().Name}");
        }

        _awaitingUpdate.TryRemove(seq, out _);
    }

    // The platform closes a connection when it cannot hand a message to the cluster; a real device
    // reconnects, and so does this one, counting it.
    private async Task<bool> EnsureConnectedAsync(CancellationToken stopping)
    {
        if (_client.IsConnected)
        {
            return true;
        }

        _errors.Record("device connection lost (reconnecting)");
        try
        {
            await Task.Delay(ReconnectDelay, stopping);
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        return await ConnectAsync(stopping);
    }
}
