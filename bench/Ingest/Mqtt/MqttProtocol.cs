namespace DigitalTwin.Ingest.Mqtt;

/// <summary>The MQTT version the load generator speaks; each changes a byte or two of every packet.</summary>
public enum MqttProtocol
{
    /// <summary>MQTT 3.1.1 (protocol level 4): a PUBACK carries no reason, so a broker refuses by disconnecting.</summary>
    V311,

    /// <summary>MQTT 5 (protocol level 5): a PUBACK carries a reason code, so a refused message is counted as such.</summary>
    V500,
}
