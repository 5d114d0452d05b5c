namespace DigitalTwin.MqttBridge.Hosting;

/// <summary>The embedded MQTT broker and the bridge into the cluster. Bound from the <c>Mqtt</c> section.</summary>
public sealed class MqttBridgeOptions
{
    public const string SectionName = "Mqtt";

    /// <summary>TCP port of the embedded broker's plain (unencrypted) listener.</summary>
    public int Port { get; set; } = 1883;

    /// <summary>Opens the plain listener on <see cref="Port"/>; false with <see cref="MqttTlsOptions.Enabled"/> leaves only MQTT over TLS.</summary>
    public bool PlainEnabled { get; set; } = true;

    /// <summary>Address the broker listens on; <c>0.0.0.0</c> for every interface.</summary>
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>Largest device payload the bridge accepts; larger ones are refused with <c>PAYLOAD_TOO_LARGE</c>.</summary>
    public int MaxPayloadBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// How long the bridge keeps trying to hand a message to a full device stream before it gives up and
    /// closes the device's connection without acknowledging (the device then re-sends it).
    /// </summary>
    public TimeSpan HandOffTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Messages the broker queues for one slow subscriber before it drops the oldest.</summary>
    public int MaxPendingMessagesPerClient { get; set; } = 10_000;

    /// <summary>MQTT over TLS and client certificates (<c>Mqtt:Tls</c>).</summary>
    public MqttTlsOptions Tls { get; set; } = new();
}
