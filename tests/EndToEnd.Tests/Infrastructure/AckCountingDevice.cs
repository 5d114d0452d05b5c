using System.Globalization;
using MQTTnet;
using MQTTnet.Protocol;

namespace DigitalTwin.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A device that publishes <c>{"seq":n,"timestamp":...}</c> at QoS 1, one message at a time, and
/// records exactly which sequence numbers a broker acknowledged. When its broker goes away it moves to
/// the next one (as behind a load balancer) and re-sends the unacknowledged message unchanged.
/// </summary>
public sealed class AckCountingDevice(string id, IReadOnlyList<int> mqttPorts, int firstPort)
{
    private readonly List<int> _acked = [];
    private readonly DateTimeOffset _origin = DateTimeOffset.UtcNow;

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

    /// <summary>Messages acknowledged after the device first moved to another broker.</summary>
    public int AckedAfterFailover { get; private set; }

    /// <summary>Publishes every <paramref name="interval"/> until <paramref name="stop"/>; the message in flight then is finished first.</summary>
    public async Task RunAsync(TimeSpan interval, CancellationToken stop)
    {
        var portIndex = firstPort;
        var seq = 1;
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
                    await client.ConnectAsync(options, CancellationToken.None);
                }

                // The same payload on a re-send, so the platform can recognise it as one point.
                var timestamp = _origin.AddMilliseconds(seq).ToUnixTimeMilliseconds() / 1000.0;
                var payload = string.Create(CultureInfo.InvariantCulture, $$"""{"seq":{{seq}},"timestamp":{{timestamp:F3}}}""");
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
                        _acked.Add(seq);
                    }

                    if (Failovers > 0)
                    {
                        AckedAfterFailover++;
                    }

                    seq++;
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
