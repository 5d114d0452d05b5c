using System.Threading.Channels;
using DigitalTwin.Behaviour.Wire;
using MQTTnet;
using MQTTnet.Protocol;

namespace DigitalTwin.NetworkProbe.Output;

/// <summary>
/// Publishes each window on <c>device/{id}/network</c> at QoS 1 over several connections, so replaying a capture is
/// not held to one connection's in-order hand-off: a device's windows always take the same connection (its hash),
/// which keeps them in order. Each connection holds its windows in a bounded buffer and keeps a window until the
/// broker has acknowledged it, reconnecting with back-off while the broker is away and saying so. When a buffer is
/// full, reading a file waits for the broker (nothing is lost); a live capture cannot wait, so it drops the newest
/// windows and counts them.
/// </summary>
internal sealed class MqttWindowSink : IWindowSink
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ReportEvery = TimeSpan.FromSeconds(10);

    private readonly MqttEndpoint _endpoint;
    private readonly BrokerSecurity _security;
    private readonly bool _waitWhenFull;
    private readonly TextWriter _log;
    private readonly Channel<ProbeWindow>[] _queues;
    private readonly Task[] _connections;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _reportLock = new();
    private DateTimeOffset _lastReport = DateTimeOffset.MinValue;
    private long _acknowledged;
    private long _refused;
    private long _dropped;
    private long _buffered;

    public MqttWindowSink(MqttEndpoint endpoint, BrokerSecurity security, int connections, int bufferedWindows, bool waitWhenFull, TextWriter log)
    {
        _endpoint = endpoint;
        _security = security;
        _waitWhenFull = waitWhenFull;
        _log = log;
        var perConnection = Math.Max(1, bufferedWindows / connections);
        _queues = new Channel<ProbeWindow>[connections];
        _connections = new Task[connections];
        var run = $"{Environment.ProcessId:x}-{Random.Shared.Next():x}";
        for (var i = 0; i < connections; i++)
        {
            _queues[i] = Channel.CreateBounded<ProbeWindow>(new BoundedChannelOptions(perConnection)
            {
                SingleReader = true,
                SingleWriter = true,
                FullMode = BoundedChannelFullMode.Wait,
            });
            var clientId = $"network-probe-{run}-{i}";
            var queue = _queues[i].Reader;
            _connections[i] = Task.Run(() => PublishAllAsync(clientId, queue));
        }
    }

    public string Summary =>
        $"published {Interlocked.Read(ref _acknowledged)} windows to {_endpoint} (acknowledged)"
        + (_refused > 0 ? $", {_refused} refused by the broker" : string.Empty)
        + (_dropped > 0 ? $", {_dropped} dropped while the buffer was full" : string.Empty)
        + (Interlocked.Read(ref _buffered) > 0 ? $", {Interlocked.Read(ref _buffered)} not delivered" : string.Empty);

    public long Acknowledged => Interlocked.Read(ref _acknowledged);

    public async ValueTask WriteAsync(ProbeWindow window, CancellationToken cancellationToken)
    {
        var queue = _queues[(int)((uint)StringComparer.Ordinal.GetHashCode(window.Device.Id) % (uint)_queues.Length)].Writer;
        Interlocked.Increment(ref _buffered);
        if (queue.TryWrite(window))
        {
            return;
        }

        if (!_waitWhenFull)
        {
            Interlocked.Decrement(ref _buffered);
            Interlocked.Increment(ref _dropped);
            Report($"buffer full: dropping windows until {_endpoint} takes them ({Interlocked.Read(ref _dropped)} dropped so far)");
            return;
        }

        await queue.WriteAsync(window, cancellationToken);
    }

    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        foreach (var queue in _queues)
        {
            queue.Writer.TryComplete();
        }

        using (cancellationToken.Register(_stopping.Cancel))
        {
            await Task.WhenAll(_connections);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        foreach (var queue in _queues)
        {
            queue.Writer.TryComplete();
        }

        await Task.WhenAll(_connections);
        _stopping.Dispose();
    }

    private async Task PublishAllAsync(string clientId, ChannelReader<ProbeWindow> queue)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer(_endpoint.Host, _endpoint.Port)
            .WithClientId(clientId)
            .WithCleanSession()
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .WithTimeout(TimeSpan.FromSeconds(10))
            .WithBrokerSecurity(_security, clientId)
            .Build();
        var stopping = _stopping.Token;
        try
        {
            while (await queue.WaitToReadAsync(stopping))
            {
                while (queue.TryPeek(out var window))
                {
                    await PublishAsync(client, options, window, stopping);
                    queue.TryRead(out _);
                    Interlocked.Decrement(ref _buffered);
                }
            }

            if (client.IsConnected)
            {
                await client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), CancellationToken.None);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopped before the buffer emptied: the summary counts what was not delivered.
        }
    }

    /// <summary>Publishes one window, reconnecting and retrying until the broker acknowledges or refuses it.</summary>
    private async Task PublishAsync(IMqttClient client, MqttClientOptions options, ProbeWindow window, CancellationToken stopping)
    {
        var message = new MqttApplicationMessageBuilder()
            .WithTopic($"device/{window.Device.Id}/network")
            .WithPayload(NetworkPayload.ToUtf8Bytes(window.Window, new NetworkWindowOrigin(NetworkSource.Probe, window.Device.Type)))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        var backoff = FirstBackoff;
        while (true)
        {
            stopping.ThrowIfCancellationRequested();
            try
            {
                if (!client.IsConnected)
                {
                    var connected = await client.ConnectAsync(options, stopping);
                    if (connected.ResultCode != MqttClientConnectResultCode.Success)
                    {
                        throw new InvalidOperationException($"the broker refused the connection: {connected.ResultCode}");
                    }
                }

                var result = await client.PublishAsync(message, stopping);
                if (result.IsSuccess)
                {
                    Interlocked.Increment(ref _acknowledged);
                }
                else
                {
                    // Sending it again would be refused again: counted, said, and left.
                    Interlocked.Increment(ref _refused);
                    Report($"{_endpoint} refused the window of '{window.Device.Id}' at {window.Window.Start:O}: {result.ReasonCode} {result.ReasonString}");
                }

                return;
            }
            catch (Exception ex) when (!stopping.IsCancellationRequested)
            {
                Report($"broker {_endpoint} unreachable ({ex.GetBaseException().Message}); retrying, {Interlocked.Read(ref _buffered)} windows buffered");
                await Task.Delay(backoff, stopping);
                backoff = TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, backoff.Ticks * 2));
            }
        }
    }

    /// <summary>One line at most every ten seconds, so an outage is said without flooding the terminal.</summary>
    private void Report(string text)
    {
        lock (_reportLock)
        {
            var now = DateTimeOffset.UtcNow;
            if (now - _lastReport < ReportEvery)
            {
                return;
            }

            _lastReport = now;
            _log.WriteLine($"network-probe: {text}");
        }
    }
}
