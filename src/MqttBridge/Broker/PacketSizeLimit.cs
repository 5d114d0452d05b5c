using MQTTnet.Formatter;
using MQTTnet.Packets;

namespace DigitalTwin.MqttBridge.Broker;

/// <summary>
/// The Maximum Packet Size an MQTT 5 client declared in its CONNECT: nothing larger may be sent to it
/// (MQTT-3.1.2-24). MQTTnet ignores the property, so the broker measures each PUBLISH it is about to send to
/// such a client. Only clients that declare a limit pay for the measuring.
/// </summary>
internal sealed class PacketSizeLimit(uint maximum)
{
    // The measuring encoder is this connection's own: MQTTnet's is busy with the packet being sent, under its lock.
    private readonly MqttPacketFormatterAdapter _formatter = new(MqttProtocolVersion.V500, new MqttBufferWriter(1024, 64 * 1024));
    private readonly Lock _lock = new();

    public uint Maximum => maximum;

    /// <summary>True when the packet, as MQTT 5 encodes it, is longer than the client accepts.</summary>
    public bool Exceeds(MqttPublishPacket packet)
    {
        if (packet.Payload.Length > maximum)
        {
            return true;
        }

        lock (_lock)
        {
            try
            {
                return (uint)_formatter.Encode(packet).Length > maximum;
            }
            finally
            {
                _formatter.Cleanup();
            }
        }
    }
}
