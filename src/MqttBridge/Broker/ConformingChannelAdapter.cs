using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using MQTTnet.Adapter;
using MQTTnet.Exceptions;
using MQTTnet.Formatter;
using MQTTnet.Packets;

namespace DigitalTwin.MqttBridge.Broker;

/// <summary>
/// One client's connection as MQTTnet reads and writes it, with the rules of the specifications that MQTTnet
/// leaves out applied on the way: an id for 3.1.1 clients that send none (<see cref="ClientIdAssignment"/>).
/// </summary>
internal sealed partial class ConformingChannelAdapter(IMqttChannelAdapter inner, ILogger logger) : IMqttChannelAdapter
{
    private bool _connectReceived;

    public long BytesReceived => inner.BytesReceived;

    public long BytesSent => inner.BytesSent;

    public X509Certificate2 ClientCertificate => inner.ClientCertificate;

    public EndPoint RemoteEndPoint => inner.RemoteEndPoint;

    public EndPoint LocalEndPoint => inner.LocalEndPoint;

    public bool IsSecureConnection => inner.IsSecureConnection;

    public MqttPacketFormatterAdapter PacketFormatterAdapter => inner.PacketFormatterAdapter;

    private MqttProtocolVersion Version => inner.PacketFormatterAdapter.ProtocolVersion;

    public Task ConnectAsync(CancellationToken cancellationToken) => inner.ConnectAsync(cancellationToken);

    public Task DisconnectAsync(CancellationToken cancellationToken) => inner.DisconnectAsync(cancellationToken);

    public void ResetStatistics() => inner.ResetStatistics();

    public void Dispose() => inner.Dispose();

    public async Task<MqttPacket> ReceivePacketAsync(CancellationToken cancellationToken)
    {
        if (!_connectReceived)
        {
            _connectReceived = true;
            return await ReceiveConnectAsync(cancellationToken);
        }

        return await inner.ReceivePacketAsync(cancellationToken);
    }

    public Task SendPacketAsync(MqttPacket packet, CancellationToken cancellationToken) => inner.SendPacketAsync(packet, cancellationToken);

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

        if (packet is MqttConnectPacket connect && ClientIdAssignment.TryAssign(connect, Version))
        {
            LogClientIdAssigned(logger, connect.ClientId, RemoteEndPoint);
        }

        return packet;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused an MQTT client ({Endpoint}): empty client id without clean session (identifier rejected)")]
    private static partial void LogEmptyIdWithoutCleanSession(ILogger logger, EndPoint endpoint);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Assigned client id '{ClientId}' to the MQTT 3.1.1 client at {Endpoint}, which sent none")]
    private static partial void LogClientIdAssigned(ILogger logger, string clientId, EndPoint endpoint);
}
