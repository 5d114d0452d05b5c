namespace DigitalTwin.Ingest.Mqtt;

/// <summary>
/// What the generator needs of a packet from the broker: its type, the packet id of a PUBACK, the reason code
/// (PUBACK, CONNACK, MQTT 5 DISCONNECT; 0 when the packet has none), and for a CONNACK the broker's
/// Receive Maximum (0 when it sent none).
/// </summary>
public readonly record struct InboundPacket(MqttPacketType Type, ushort PacketId, byte ReasonCode, ushort ReceiveMaximum);
