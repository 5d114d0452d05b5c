using DigitalTwin.Grains.Diagnostics;
using DigitalTwin.MqttBridge.Hosting;
using DigitalTwin.MqttBridge.Ingress;
using DigitalTwin.MqttBridge.Security;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet.Diagnostics.Logger;
using MQTTnet.Server;

namespace DigitalTwin.MqttBridge.Broker;

/// <summary>
/// The MQTTnet broker inside the silo. Every publish passes through <see cref="DeviceMessageIngress"/>
/// before the device gets its PUBACK, which is how a QoS 1 message is acknowledged only after the
/// cluster accepted it. Started after the silo and stopped before it, so no hand-off meets a stopped cluster.
/// </summary>
public sealed partial class EmbeddedMqttBroker : IHostedService
{
    private readonly MqttBridgeOptions _options;
    private readonly DeviceMessageIngress _ingress;
    private readonly MessageExpiry _expiry;
    private readonly IngestMetrics _metrics;
    private readonly ILogger<EmbeddedMqttBroker> _logger;
    private readonly BrokerTransportSecurity _transport;
    private readonly BrokerAccessGuard? _access;

    // access: authentication, topic ACL and device limits; null while Mqtt:Auth:Enabled is off.
    internal EmbeddedMqttBroker(MqttServer server, IOptions<MqttBridgeOptions> options, DeviceMessageIngress ingress, MessageExpiry expiry, IngestMetrics metrics, ILogger<EmbeddedMqttBroker> logger, BrokerTransportSecurity transport, BrokerAccessGuard? access = null)
    {
        _access = access;
        Server = server;
        _transport = transport;
        _options = options.Value;
        _ingress = ingress;
        _expiry = expiry;
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>
    /// The first size of each connection's packet writer. MQTTnet's default, 4 KiB, was the largest single piece of a
    /// device connection (a third of its 12.5 KiB); what the broker sends most devices is a CONNACK and PUBACKs of a
    /// few bytes each, and the writer doubles itself for a larger packet (a command, a desired document) and keeps
    /// that size, up to <see cref="MqttServerOptions.WriterBufferSizeMax"/>.
    /// </summary>
    internal const int InitialWriterBufferBytes = 256;

    public MqttServer Server { get; }

    public bool IsRunning => Server.IsStarted;

    /// <summary>
    /// Creates the broker's server from the options; the server is shared with the publisher of platform messages.
    /// Clients connect through <paramref name="listener"/>, which applies the protocol rules MQTTnet leaves out.
    /// </summary>
    internal static MqttServer CreateServer(MqttBridgeOptions options, ConformingServerAdapter listener, IMqttNetLogger log)
    {
        // Both ports are the listener's own (MqttListener), not MQTTnet's endpoints: MQTTnet's TLS handshake waits without
        // a time limit, and its writes go out one packet at a time.
        var builder = new MqttServerOptionsBuilder()
            .WithMaxPendingMessagesPerClient(options.MaxPendingMessagesPerClient)
            .WithPersistentSessions();
        var serverOptions = builder.Build();
        serverOptions.WriterBufferSize = InitialWriterBufferBytes;
        return new MqttServerFactory(log).CreateMqttServer(serverOptions, [listener], log);
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        Server.ValidatingConnectionAsync += DeviceConnectionPolicy.ValidateAsync;
        Server.InterceptingPublishAsync += _expiry.OnPublishAsync;

        // MQTTnet calls the handlers in order. The client-certificate check before authentication, which takes the
        // device id it proved; the guard before the ingress, which skips a publish the guard refused.
        _transport.Attach(Server);
        _access?.Attach(Server);
        Server.InterceptingPublishAsync += _ingress.OnPublishAsync;
        Server.QueuedApplicationMessageOverwrittenAsync += OnSubscriberQueueOverflowAsync;
        await Server.StartAsync();
        if (_options.PlainEnabled)
        {
            LogStarted(_logger, _options.BindAddress, _options.Port);
        }

        if (_options.Tls.Enabled)
        {
            LogStartedTls(_logger, _options.BindAddress, _options.Tls.Port, _options.Tls.ClientCertificates);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await Server.StopAsync();
        Server.InterceptingPublishAsync -= _ingress.OnPublishAsync;
        _access?.Detach(Server);
        Server.InterceptingPublishAsync -= _expiry.OnPublishAsync;
        Server.QueuedApplicationMessageOverwrittenAsync -= OnSubscriberQueueOverflowAsync;
        Server.ValidatingConnectionAsync -= DeviceConnectionPolicy.ValidateAsync;
        _transport.Detach(Server);
        LogStopped(_logger);
    }

    /// <summary>
    /// A subscriber's queue was full and the broker dropped its oldest message. Counted always, logged on
    /// the first drop and every 10,000th after, so a slow consumer is visible without flooding the log.
    /// </summary>
    private Task OnSubscriberQueueOverflowAsync(QueueMessageOverwrittenEventArgs args)
    {
        var total = _metrics.MessageDroppedForSubscriber();
        if (total % 10_000 == 1)
        {
            LogSubscriberDrops(_logger, args.ReceiverClientId, total, _options.MaxPendingMessagesPerClient);
        }

        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscriber {ClientId} is too slow: its queue of {Limit} messages overflowed; {Total} message(s) dropped for slow subscribers so far (Mqtt:MaxPendingMessagesPerClient)")]
    private static partial void LogSubscriberDrops(ILogger logger, string clientId, long total, int limit);

    [LoggerMessage(Level = LogLevel.Information, Message = "Embedded MQTT broker listening on {Address}:{Port}")]
    private static partial void LogStarted(ILogger logger, string address, int port);

    [LoggerMessage(Level = LogLevel.Information, Message = "Embedded MQTT broker listening for MQTT over TLS on {Address}:{Port} (client certificates: {ClientCertificates})")]
    private static partial void LogStartedTls(ILogger logger, string address, int port, ClientCertificateMode clientCertificates);

    [LoggerMessage(Level = LogLevel.Information, Message = "Embedded MQTT broker stopped")]
    private static partial void LogStopped(ILogger logger);
}
