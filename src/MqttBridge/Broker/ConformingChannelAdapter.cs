using System.Net;
using System.Security.Cryptography.X509Certificates;
using DigitalTwin.Grains.Diagnostics;
using DigitalTwin.Wire.Payloads;
using Microsoft.Extensions.Logging;
using MQTTnet.Adapter;
using MQTTnet.Exceptions;
using MQTTnet.Formatter;
using MQTTnet.Packets;
using MQTTnet.Protocol;

namespace DigitalTwin.MqttBridge.Broker;

/// <summary>
/// One client's connection as MQTTnet reads and writes it, with the rules of the specifications that MQTTnet
/// leaves out applied on the way: an id for 3.1.1 clients that send none (<see cref="ClientIdAssignment"/>),
/// PUBLISH topic names and aliases checked before MQTTnet acknowledges or delivers anything
/// (<see cref="TopicName"/>, <see cref="TopicAliases"/>), the Topic Alias Maximum stated in the CONNACK,
/// expired messages held back and the remaining expiry interval sent (<see cref="MessageExpiry"/>), and
/// nothing sent above the client's Maximum Packet Size (<see cref="PacketSizeLimit"/>). Working per connection
/// keeps the state (aliases, limits) where it belongs and needs no lookup by client id, which a take-over could
/// point at another connection.
/// </summary>
internal sealed partial class ConformingChannelAdapter(IMqttChannelAdapter inner, IngestMetrics metrics, MessageExpiry expiry, ConnectionTeardowns teardowns, ILogger logger) : IMqttChannelAdapter
{
    private readonly TopicAliases _aliases = new();
    private bool _connectReceived;
    private MqttConnectPacket? _connect;
    private PacketSizeLimit? _sizeLimit;

    public long BytesReceived => inner.BytesReceived;

    public long BytesSent => inner.BytesSent;

    public X509Certificate2 ClientCertificate => inner.ClientCertificate;

    public EndPoint RemoteEndPoint => inner.RemoteEndPoint;

    public EndPoint LocalEndPoint => inner.LocalEndPoint;

    public bool IsSecureConnection => inner.IsSecureConnection;

    public MqttPacketFormatterAdapter PacketFormatterAdapter => inner.PacketFormatterAdapter;

    /// <summary>The topic of the last will the CONNECT registered, if any (MQTTnet's connection hook does not show it).</summary>
    public string? WillTopic => _connect is { WillFlag: true } connect ? connect.WillTopic : null;

    private MqttProtocolVersion Version => inner.PacketFormatterAdapter.ProtocolVersion;

    // Read from the CONNECT each time: MQTTnet writes an MQTT 5 client's assigned id into it after we saw it.
    private string ClientId => _connect?.ClientId ?? "";

    public Task ConnectAsync(CancellationToken cancellationToken) => inner.ConnectAsync(cancellationToken);

    /// <summary>MQTTnet's last step with a connection, after it removed the client and its session.</summary>
    public Task DisconnectAsync(CancellationToken cancellationToken)
    {
        teardowns.End(ClientId, this);
        return inner.DisconnectAsync(cancellationToken);
    }

    public void ResetStatistics() => inner.ResetStatistics();

    public void Dispose() => inner.Dispose();

    public async Task<MqttPacket> ReceivePacketAsync(CancellationToken cancellationToken)
    {
        if (!_connectReceived)
        {
            _connectReceived = true;
            var connect = await ReceiveConnectAsync(cancellationToken);

            // A connection of the same id that is ending goes first (see ConnectionTeardowns).
            await teardowns.WaitForAsync(ClientId, cancellationToken);
            teardowns.Open(ClientId, this);
            return connect;
        }

        MqttPacket packet;
        try
        {
            packet = await inner.ReceivePacketAsync(cancellationToken);
        }
        catch
        {
            teardowns.Begin(ClientId, this);
            throw;
        }

        if (packet is null or MqttDisconnectPacket)
        {
            teardowns.Begin(ClientId, this);
            return packet!;
        }

        if (packet is MqttPublishPacket publish && !await AcceptPublishAsync(publish, cancellationToken))
        {
            // No packet ends MQTTnet's receiving loop as a closed connection would: no PUBACK, nothing
            // delivered, the will (if any) published as after any connection lost.
            teardowns.Begin(ClientId, this);
            return null!;
        }

        return packet;
    }

    public Task SendPacketAsync(MqttPacket packet, CancellationToken cancellationToken)
    {
        if (packet is MqttConnAckPacket { ReasonCode: MqttConnectReasonCode.Success } connAck)
        {
            connAck.TopicAliasMaximum = TopicAliases.Maximum;
        }
        else if (packet is MqttPublishPacket publish)
        {
            if (expiry.ForSending(publish) is not { } current)
            {
                // Expired while it waited: not delivered (MQTT-3.3.2-5), and for MQTTnet as good as sent.
                LogExpiredDropped(logger, publish.Topic, ClientId);
                return Task.CompletedTask;
            }

            if (_sizeLimit is { } limit && limit.Exceeds(current))
            {
                // MQTT-3.1.2-25: a packet too large for the client is discarded as if it had been sent.
                LogTooLargeDropped(logger, publish.Topic, ClientId, limit.Maximum);
                return Task.CompletedTask;
            }

            packet = current;
        }

        return inner.SendPacketAsync(packet, cancellationToken);
    }

    private async Task<MqttPacket> ReceiveConnectAsync(CancellationToken cancellationToken)
    {
        MqttPacket packet;
        try
        {
            packet = await inner.ReceivePacketAsync(cancellationToken);
        }
        catch (MqttProtocolViolationException ex) when (ClientIdAssignment.IsEmptyIdWithoutCleanSession(ex, Version))
        {
            // MQTTnet's decoder throws here, and MQTTnet would log the exception as an error and close without a
            // word. The specification wants CONNACK 0x02 (MQTT-3.1.3-8): hand MQTTnet a CONNECT with exactly the
            // refused properties, which its own validation answers with that code.
            LogEmptyIdWithoutCleanSession(logger, RemoteEndPoint);
            return new MqttConnectPacket { ClientId = "", CleanSession = false };
        }

        if (packet is MqttConnectPacket connect)
        {
            if (ClientIdAssignment.TryAssign(connect, Version))
            {
                LogClientIdAssigned(logger, connect.ClientId, RemoteEndPoint);
            }

            _connect = connect;
            if (Version == MqttProtocolVersion.V500 && connect.MaximumPacketSize > 0)
            {
                _sizeLimit = new PacketSizeLimit(connect.MaximumPacketSize);
            }
        }

        return packet;
    }

    private async Task<bool> AcceptPublishAsync(MqttPublishPacket publish, CancellationToken cancellationToken)
    {
        if (!_aliases.TryResolve(publish.Topic, publish.TopicAlias, out var topic))
        {
            await RefuseAsync(MqttDisconnectReasonCode.TopicAliasInvalid, PayloadErrorCodes.InvalidTopicAlias,
                $"topic alias {publish.TopicAlias} is above the Topic Alias Maximum of {TopicAliases.Maximum}", cancellationToken);
            return false;
        }

        if (TopicName.Violation(topic) is { } violation)
        {
            await RefuseAsync(MqttDisconnectReasonCode.TopicNameInvalid, PayloadErrorCodes.InvalidTopicName, violation, cancellationToken);
            return false;
        }

        return true;
    }

    /// <summary>
    /// Ends the connection over a protocol violation: MQTT 5 clients first get a DISCONNECT naming the reason,
    /// MQTT 3.1.1 has no such packet and the connection is just closed (§4.8).
    /// </summary>
    private async Task RefuseAsync(MqttDisconnectReasonCode reason, string code, string detail, CancellationToken cancellationToken)
    {
        metrics.MessageReceived();
        metrics.MessageRejected(code);
        LogViolation(logger, ClientId, RemoteEndPoint, code, detail);
        if (Version != MqttProtocolVersion.V500)
        {
            return;
        }

        try
        {
            await inner.SendPacketAsync(new MqttDisconnectPacket { ReasonCode = reason, ReasonString = detail }, cancellationToken);
        }
        catch (Exception ex) when (ex is MqttCommunicationException or OperationCanceledException or ObjectDisposedException)
        {
            // The client is gone already; closing is all that is left to do.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Closed the connection of MQTT client '{ClientId}' ({Endpoint}): {Code}, {Detail}")]
    private static partial void LogViolation(ILogger logger, string clientId, EndPoint endpoint, string code, string detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused an MQTT client ({Endpoint}): empty client id without clean session (identifier rejected)")]
    private static partial void LogEmptyIdWithoutCleanSession(ILogger logger, EndPoint endpoint);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Assigned client id '{ClientId}' to the MQTT 3.1.1 client at {Endpoint}, which sent none")]
    private static partial void LogClientIdAssigned(ILogger logger, string clientId, EndPoint endpoint);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Dropped a message on '{Topic}' for MQTT client '{ClientId}': larger than its Maximum Packet Size of {Maximum} bytes")]
    private static partial void LogTooLargeDropped(ILogger logger, string topic, string clientId, uint maximum);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Dropped a message on '{Topic}' for MQTT client '{ClientId}': its Message Expiry Interval passed before it could be sent")]
    private static partial void LogExpiredDropped(ILogger logger, string topic, string clientId);
}
