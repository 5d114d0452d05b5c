using System.Globalization;
using MQTTnet;
using MQTTnet.Protocol;

namespace DigitalTwin.TestSupport;

/// <summary>
/// A device that publishes <c>{"seq":n,"timestamp":...}</c> at QoS 1, one message at a time, and
/// records exactly which sequence numbers a broker acknowledged. When its broker goes away it moves to
/// the next one (as behind a load balancer) and re-sends the unacknowledged message unchanged. A later run
/// goes on with the sequence where the previous one stopped.
/// </summary>
public sealed class AckCountingDevice(string id, IReadOnlyList<int> mqttPorts, int firstPort)
{
    private readonly List<int> _acked = [];
    private readonly DateTimeOffset _origin = DateTimeOffset.UtcNow;
    private int _seq = 1;
    private int _connections;

    public string Id { get; } = id;

    public IReadOnlyList<int> Acked
    {
        get
        {
            lock (_acked)
            {
                return [.. _acked];
            }
        }
    }

    public int Failovers { get; private set; }

    /// <summary>Connections a broker accepted (CONNACK with success): proof the device got through, whatever happened to its publishes.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Messages acknowledged after the device first moved to another broker.</summary>
    public int AckedAfterFailover { get; private set; }

    /// <summary>What a timed-out wait on this device reports.</summary>
    public override string ToString() => $"{Id}: {Acked.Count} acknowledged, {Connections} connections, {Failovers} failovers";

    /// <summary>Publishes every <paramref name="interval"/> until <paramref name="stop"/>; the message in flight then is finished first.</summary>
    public async Task RunAsync(TimeSpan interval, CancellationToken stop)
    {
        var portIndex = firstPort;
        using var client = new MqttClientFactory().CreateMqttClient();
        while (!stop.IsCancellationRequested)
        {
            try
            {
                if (!client.IsConnected)
                {
                    var options = new MqttClientOptionsBuilder()
                        .WithTcpServer("127.0.0.1", mqttPorts[portIndex])
                        .WithClientId(Id)
                        .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
                        .WithTimeout(TimeSpan.FromSeconds(5))
                        .Build();
                    // A refusing CONNACK comes back as a result, not an exception: only an accepted one counts.
                    var connected = await client.ConnectAsync(options, CancellationToken.None);
                    if (connected.ResultCode != MqttClientConnectResultCode.Success)
                    {
                        throw new InvalidOperationException($"{Id} was refused: {connected.ResultCode}");
                    }

                    Interlocked.Increment(ref _connections);
                }

                // The same payload on a re-send, so the platform can recognise it as one point.
                var timestamp = _origin.AddMilliseconds(_seq).ToUnixTimeMilliseconds() / 1000.0;
                var payload = string.Create(CultureInfo.InvariantCulture, $$"""{"seq":{{_seq}},"timestamp":{{timestamp:F3}}}""");
                var message = new MqttApplicationMessageBuilder()
                    .WithTopic($"device/{Id}/telemetry")
                    .WithPayload(payload)
                    .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                    .Build();
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                var result = await client.PublishAsync(message, timeout.Token);
                if (result.IsSuccess)
                {
                    lock (_acked)
                    {
                        _acked.Add(_seq);
                    }

                    if (Failovers > 0)
                    {
                        AckedAfterFailover++;
                    }

                    _seq++;
                }

                await Task.Delay(interval, CancellationToken.None);
            }
            catch (Exception)
            {
                if (stop.IsCancellationRequested)
                {
                    break;
                }

                Failovers++;
                portIndex = (portIndex + 1) % mqttPorts.Count;
                try
                {
                    await client.DisconnectAsync();
                }
                catch (Exception)
                {
                    // Already gone with its broker.
                }

                await Task.Delay(200, CancellationToken.None);
            }
        }

        if (client.IsConnected)
        {
            await client.DisconnectAsync();
        }
    }
}
