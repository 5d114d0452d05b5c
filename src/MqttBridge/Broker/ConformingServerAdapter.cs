using DigitalTwin.Grains.Diagnostics;
using Microsoft.Extensions.Logging;
using MQTTnet.Adapter;
using MQTTnet.Diagnostics.Logger;
using MQTTnet.Server;

namespace DigitalTwin.MqttBridge.Broker;

/// <summary>
/// The broker's listeners (<see cref="MqttListener"/>: plain MQTT and MQTT over TLS), handing MQTTnet each accepted
/// connection wrapped in a <see cref="ConformingChannelAdapter"/>: the one place where the broker sees a client's
/// packets before MQTTnet validates, acknowledges or delivers them.
/// </summary>
internal sealed class ConformingServerAdapter(
    IngestMetrics metrics, MessageExpiry expiry, ConnectionTeardowns teardowns, MqttListener listener, ILogger<ConformingChannelAdapter> logger) : IMqttServerAdapter
{
    public Func<IMqttChannelAdapter, Task> ClientHandler { get; set; } = null!;

    public Task StartAsync(MqttServerOptions options, IMqttNetLogger log)
    {
        listener.Start(options, channel => ClientHandler(new ConformingChannelAdapter(channel, metrics, expiry, teardowns, logger)), log);
        return Task.CompletedTask;
    }

    public Task StopAsync()
    {
        listener.Stop();
        return Task.CompletedTask;
    }

    public void Dispose() => listener.Dispose();
}
