using DigitalTwin.Grains.Diagnostics;
using Microsoft.Extensions.Logging;
using MQTTnet.Adapter;
using MQTTnet.Diagnostics.Logger;
using MQTTnet.Server;
using MQTTnet.Server.Internal.Adapter;

namespace DigitalTwin.MqttBridge.Broker;

/// <summary>
/// MQTTnet's TCP listener for plain MQTT and <see cref="MqttTlsListener"/> for MQTT over TLS, handing MQTTnet each
/// accepted connection wrapped in a <see cref="ConformingChannelAdapter"/>: the one place where the broker sees a
/// client's packets before MQTTnet validates, acknowledges or delivers them.
/// </summary>
internal sealed class ConformingServerAdapter(
    IngestMetrics metrics, MessageExpiry expiry, ConnectionTeardowns teardowns, MqttTlsListener tls, ILogger<ConformingChannelAdapter> logger) : IMqttServerAdapter
{
    private readonly MqttTcpServerAdapter _tcp = new();
    private Func<IMqttChannelAdapter, Task>? _clientHandler;

    public Func<IMqttChannelAdapter, Task> ClientHandler
    {
        get => _clientHandler!;
        set
        {
            _clientHandler = value;
            _tcp.ClientHandler = value is null ? null : channel => value(new ConformingChannelAdapter(channel, metrics, expiry, teardowns, logger));
        }
    }

    public async Task StartAsync(MqttServerOptions options, IMqttNetLogger logger)
    {
        await _tcp.StartAsync(options, logger);
        tls.Start(options, _tcp.ClientHandler, logger);
    }

    public async Task StopAsync()
    {
        tls.Stop();
        await _tcp.StopAsync();
    }

    public void Dispose()
    {
        tls.Dispose();
        _tcp.Dispose();
    }
}
