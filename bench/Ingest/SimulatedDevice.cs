using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using DigitalTwin.BenchHost;
using DigitalTwin.Ingest.Mqtt;

namespace DigitalTwin.Ingest;

/// <summary>
/// One benchmark device: its own MQTT connection (client id = device id, clean start) publishing QoS 1 telemetry
/// with a per-device sequence number, several messages in flight at once (<see cref="InFlightWindow"/>). It speaks
/// MQTT over a plain socket (<see cref="TelemetryPublish"/>, <see cref="MqttPacketReader"/>) so the generator costs
/// a few microseconds per message: packets are written into one buffer per connection and go out together, PUBACKs
/// are read in batches, nothing is allocated per message. In a closed loop the receive loop refills the window as
/// PUBACKs free it; at a fixed rate the fleet's pacer sends what is due.
/// </summary>
public sealed class SimulatedDevice : IAsyncDisposable
{
    /// <summary>Seconds the broker waits for a packet before it drops the connection; the pacer sends PINGREQ at half of it.</summary>
    public const ushort KeepAliveSeconds = 60;

    private const int ReceiveBufferSize = 4096;
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(1);
    private static readonly long KeepAliveIdleTicks = Stopwatch.Frequency * KeepAliveSeconds / 2;

    private readonly int _index;
    private readonly EndPoint _broker;
    private readonly MqttProtocol _protocol;
    private readonly int _requestedWindow;
    private readonly TelemetryPublish _publish;
    private readonly IngestTally _tally;
    private readonly BenchErrors _errors;
    private readonly SendTimes _sent = new();
    private readonly byte[] _receiveBuffer = new byte[ReceiveBufferSize];
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private InFlightWindow? _window;
    private int _refillBatch = 1;
    private byte[] _sendBuffer = [];
    private readonly BrokerTransport _transport;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private volatile Socket? _socket;
    private volatile Stream? _stream;
    private Task _run = Task.CompletedTask;
    private bool _closedLoop;
    private volatile bool _stopping;
    private volatile bool _closing;
    private long _seq;
    private long _lastSentAt;

    public SimulatedDevice(int index, string id, EndPoint broker, MqttProtocol protocol, int window, IngestTally tally, BenchErrors errors, BrokerTransport transport)
    {
        _transport = transport;
        _index = index;
        Id = id;
        _broker = broker;
        _protocol = protocol;
        _requestedWindow = window;
        _tally = tally;
        _errors = errors;
        _publish = new TelemetryPublish(index, $"device/{id}/telemetry", protocol);
    }

    public string Id { get; }

    public bool IsConnected => _socket is { Connected: true };

    /// <summary>Messages this device keeps in flight at most: what was asked for, or less when the broker's Receive Maximum says so.</summary>
    public int Window => _window?.Capacity ?? _requestedWindow;

    /// <summary>Connects and waits for the CONNACK; false (the reason counted) when the broker refused or did not answer.</summary>
    public async Task<bool> ConnectAsync(CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Stream? stream = null;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ConnectTimeout);
        try
        {
            await socket.ConnectAsync(_broker, timeout.Token);
            stream = new NetworkStream(socket, ownsSocket: false);
            if (_transport.SslOptions(BrokerHost) is { } tls)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = ssl;
                await ssl.AuthenticateAsClientAsync(tls, timeout.Token);
            }

            await stream.WriteAsync(MqttPackets.Connect(Id, _protocol, KeepAliveSeconds, _transport.Username, _transport.Password), timeout.Token);
            var connAck = await ReadConnAckAsync(stream, timeout.Token);
            if (connAck.ReasonCode != 0)
            {
                _errors.Record($"connect refused: 0x{connAck.ReasonCode:X2}");
                await stream.DisposeAsync();
                socket.Dispose();
                return false;
            }

            if (_window is null)
            {
                var capacity = connAck.ReceiveMaximum == 0 ? _requestedWindow : Math.Min(_requestedWindow, connAck.ReceiveMaximum);
                _window = new InFlightWindow(capacity);
                _refillBatch = Math.Max(1, capacity / 2);
                _sendBuffer = new byte[capacity * _publish.MaxLength];
            }

            _stream = stream;
            _socket = socket;
            return true;
        }
        catch (Exception ex) when (ex is SocketException or IOException or AuthenticationException or InvalidDataException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            _errors.Record($"connect failed: {ex.GetType().Name}");
            stream?.Dispose();
            socket.Dispose();
            return false;
        }
    }

    /// <summary>Starts the receive loop; in a closed loop it also sends, at once the first window's worth.</summary>
    public void Start(bool closedLoop)
    {
        _closedLoop = closedLoop;
        _run = Task.Run(RunAsync);
    }

    /// <summary>Fixed-rate mode: sends the messages due by <paramref name="target"/> (messages sent since the start) that the window admits.</summary>
    public ValueTask SendDueAsync(long target) =>
        _stopping || !IsConnected || target <= Volatile.Read(ref _seq) ? ValueTask.CompletedTask : SendAsync((int)Math.Min(int.MaxValue, target - _seq));

    /// <summary>Sends a PINGREQ when nothing went out for half the keep-alive period.</summary>
    public async ValueTask KeepAliveAsync(long now)
    {
        if (_stream is not { } stream || now - Volatile.Read(ref _lastSentAt) < KeepAliveIdleTicks)
        {
            return;
        }

        Volatile.Write(ref _lastSentAt, now);
        try
        {
            await WriteAsync(stream, MqttPackets.PingRequest);
        }
        catch (Exception ex) when (ex is SocketException or IOException or ObjectDisposedException)
        {
            // The receive loop notices the loss and reconnects.
        }
    }

    /// <summary>Stops sending; completes once no message of this device is in flight.</summary>
    public Task StopAsync()
    {
        _stopping = true;
        CompleteIfDrained();
        return _drained.Task;
    }

    /// <summary>Takes the send time of <paramref name="seq"/>; false when none is waiting (duplicate update or failed publish).</summary>
    public bool TryTakeSendTime(long seq, out long sentAt) => _sent.TryTake(seq, out sentAt);

    /// <summary>Messages sent inside the window. Call only after the device has stopped.</summary>
    public int CountSentWithin(MeasurementWindow window) => _sent.CountWithin(window);

    /// <summary>
    /// Closes the connection: with a DISCONNECT when the device drained, without one when it gave up on messages still
    /// in flight (each counted as an error).
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        _stopping = true;
        _closing = true;
        var outstanding = _window?.Count ?? 0;
        for (var i = 0; i < outstanding; i++)
        {
            _errors.Record("PUBACK still outstanding when the drain timed out");
        }

        if (_socket is { } socket && _stream is { } stream)
        {
            try
            {
                if (outstanding == 0 && socket.Connected)
                {
                    await WriteAsync(stream, MqttPackets.Disconnect);
                }
            }
            catch (Exception ex) when (ex is SocketException or IOException or ObjectDisposedException)
            {
                _errors.Record($"disconnect failed: {ex.GetType().Name}");
            }

            await stream.DisposeAsync();
            socket.Dispose();
        }

        await _run;
    }

    private async Task RunAsync()
    {
        while (!_closing)
        {
            if (_socket is not { } socket || _stream is not { } stream)
            {
                if (_stopping || !await ReconnectAsync())
                {
                    return;
                }

                continue;
            }

            try
            {
                if (_closedLoop)
                {
                    await SendAsync(int.MaxValue);
                }

                await ReceiveAsync(stream);
            }
            catch (Exception ex) when (ex is SocketException or IOException or ObjectDisposedException or InvalidDataException)
            {
                if (_closing)
                {
                    return;
                }

                _errors.Record(ex is InvalidDataException ? $"protocol error: {ex.Message}" : "device connection lost (reconnecting)");
            }

            await stream.DisposeAsync();
            socket.Dispose();
            _socket = null;
            _stream = null;
            foreach (var seq in _window!.Clear())
            {
                _sent.Forget(seq);
                _errors.Record("PUBACK lost with the connection");
            }

            CompleteIfDrained();
        }
    }

    // The platform may close a connection when it cannot hand a message to the cluster; a real device reconnects,
    // and so does this one. False once the device is closing.
    private async Task<bool> ReconnectAsync()
    {
        await Task.Delay(ReconnectDelay);
        if (_closing)
        {
            return false;
        }

        // A failed attempt is counted by ConnectAsync; the run loop tries again.
        await ConnectAsync(CancellationToken.None);
        return true;
    }

    private async Task<InboundPacket> ReadConnAckAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffered = 0;
        while (true)
        {
            var received = await stream.ReadAsync(_receiveBuffer.AsMemory(buffered), cancellationToken);
            if (received == 0)
            {
                throw new SocketException((int)SocketError.ConnectionReset);
            }

            buffered += received;
            if (MqttPacketReader.TryRead(_receiveBuffer.AsSpan(0, buffered), _protocol, out var packet, out _))
            {
                return packet.Type == MqttPacketType.ConnAck
                    ? packet
                    : throw new InvalidDataException($"the broker answered CONNECT with packet type {packet.Type}");
            }

            if (buffered == _receiveBuffer.Length)
            {
                throw new InvalidDataException("the CONNACK is larger than the receive buffer");
            }
        }
    }

    private async Task ReceiveAsync(Stream stream)
    {
        var buffered = 0;
        while (true)
        {
            var received = await stream.ReadAsync(_receiveBuffer.AsMemory(buffered));
            if (received == 0)
            {
                throw new SocketException((int)SocketError.ConnectionReset);
            }

            var receivedAt = Stopwatch.GetTimestamp();
            buffered += received;
            var consumed = ReadPackets(_receiveBuffer.AsSpan(0, buffered), receivedAt);
            if (consumed > 0)
            {
                _receiveBuffer.AsSpan(consumed, buffered - consumed).CopyTo(_receiveBuffer);
                buffered -= consumed;
            }
            else if (buffered == _receiveBuffer.Length)
            {
                throw new InvalidDataException($"a packet from the broker is larger than the {ReceiveBufferSize} byte receive buffer");
            }

            // Refill once half the window is free, so one send carries several messages and the broker reads them
            // together: per message that halves the generator's system calls and wake-ups and the broker's too.
            if (_closedLoop && !_stopping && _window!.Capacity - _window.Count >= _refillBatch)
            {
                await SendAsync(int.MaxValue);
            }

            CompleteIfDrained();
        }
    }

    private int ReadPackets(ReadOnlySpan<byte> buffer, long receivedAt)
    {
        var at = 0;
        while (MqttPacketReader.TryRead(buffer[at..], _protocol, out var packet, out var consumed))
        {
            at += consumed;
            switch (packet.Type)
            {
                case MqttPacketType.PubAck:
                    Acknowledge(packet, receivedAt);
                    break;
                case MqttPacketType.Disconnect:
                    throw new InvalidDataException($"the broker sent DISCONNECT with reason 0x{packet.ReasonCode:X2}");
            }
        }

        return at;
    }

    private void Acknowledge(InboundPacket packet, long receivedAt)
    {
        if (!_window!.TryComplete(packet.PacketId, out var seq))
        {
            _errors.Record("PUBACK for a packet id not in flight");
            return;
        }

        // MQTT 5 reason codes below 0x80 are successes (NoMatchingSubscribers included: nobody subscribes to device topics).
        if (packet.ReasonCode < 0x80 && _sent.TryGet(seq, out var sentAt))
        {
            _tally.Acknowledge(sentAt, receivedAt);
            return;
        }

        _errors.Record($"PUBACK refused: 0x{packet.ReasonCode:X2}");
        _sent.Forget(seq);
    }

    /// <summary>Writes up to <paramref name="count"/> messages the window admits into the send buffer and sends them in one go.</summary>
    private async ValueTask SendAsync(int count)
    {
        if (_stream is not { } stream)
        {
            return;
        }

        var now = Stopwatch.GetTimestamp();
        var length = 0;
        for (var i = 0; i < count; i++)
        {
            var seq = _seq + 1;
            var packetId = _window!.TryAdd(seq);
            if (packetId == 0)
            {
                break;
            }

            _sent.Record(seq, now);
            Volatile.Write(ref _seq, seq);
            length += _publish.Write(_sendBuffer.AsSpan(length), packetId, seq);
        }

        if (length > 0)
        {
            Volatile.Write(ref _lastSentAt, now);
            await WriteAsync(stream, _sendBuffer.AsMemory(0, length));
        }
    }

    // A TLS stream takes one write at a time; a PINGREQ from the pacer may meet a send from the receive loop.
    private async ValueTask WriteAsync(Stream stream, ReadOnlyMemory<byte> bytes)
    {
        await _writeGate.WaitAsync();
        try
        {
            await stream.WriteAsync(bytes);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private string BrokerHost => _broker switch
    {
        DnsEndPoint dns => dns.Host,
        IPEndPoint ip => ip.Address.ToString(),
        _ => "localhost",
    };

    private void CompleteIfDrained()
    {
        if (_stopping && (_window is null || _window.Count == 0))
        {
            _drained.TrySetResult();
        }
    }
}
