namespace DigitalTwin.Ingest.Mqtt;

/// <summary>The control packet types a publishing client sends or receives (the high nibble of the first byte).</summary>
public enum MqttPacketType : byte
{
    Connect = 1,
    ConnAck = 2,
    Publish = 3,
    PubAck = 4,
    SubAck = 9,
    PingReq = 12,
    PingResp = 13,
    Disconnect = 14,
}
