using System.Diagnostics;
using System.Globalization;
using DigitalTwin.BenchHost;
using MQTTnet;
using MQTTnet.Protocol;

namespace DigitalTwin.Cluster;

/// <summary>
/// One device of the load: an MQTT 5 client (client id = device id) that publishes telemetry at QoS 1 with one message
/// in flight, the next as soon as the PUBACK of the last came back. Counts the acknowledgements, and their latencies,
/// while <paramref name="measuring"/> says so.
/// </summary>
public sealed class ClosedLoopDevice(string id, int port, BrokerTransport transport, LatencyDistribution latencies, Func<bool> measuring) : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private long _acknowledged;
    private long _failed;

    public long Acknowledged => Interlocked.Read(ref _acknowledged);

    public long Failed => Interlocked.Read(ref _failed);

    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        var options = transport.Apply(new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", port)
            .WithClientId(id)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .WithTimeout(TimeSpan.FromSeconds(30)))
            .Build();
        var result = await _client.ConnectAsync(options, cancellationToken);
        if (result.ResultCode != MqttClientConnectResultCode.Success)
        {
            throw new InvalidOperationException($"{id} was refused by the broker on port {port}: {result.ResultCode}");
        }
    }

    /// <summary>Publishes until <paramref name="stop"/>; the message in flight then is finished first.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        var topic = $"device/{id}/telemetry";
        for (var seq = 1L; !stop.IsCancellationRequested; seq++)
        {
            var payload = string.Create(CultureInfo.InvariantCulture, $$"""{"seq":{{seq}},"temperature":{{20 + (seq % 50) / 10.0}}}""");
            var message = new MqttApplicationMessageBuilder()
                .WithTopic(topic)
                .WithPayload(payload)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .Build();
            var started = Stopwatch.GetTimestamp();
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                var result = await _client.PublishAsync(message, timeout.Token);
                if (!result.IsSuccess)
                {
                    Interlocked.Increment(ref _failed);
                    continue;
                }
            }
            catch (Exception) when (!stop.IsCancellationRequested)
            {
                Interlocked.Increment(ref _failed);
                return;
            }

            if (measuring())
            {
                latencies.Add(started, Stopwatch.GetTimestamp());
                Interlocked.Increment(ref _acknowledged);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync();
        }

        _client.Dispose();
    }
}
