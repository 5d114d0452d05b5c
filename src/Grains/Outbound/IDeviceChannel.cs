using DigitalTwin.Wire.Outbound;

namespace DigitalTwin.Grains.Outbound;

/// <summary>
/// What the platform says back over MQTT: errors on <c>device/{id}/error</c>, commands on
/// <c>device/{id}/command</c>, desired state on <c>device/{id}/desired</c>, changes on
/// <c>twin/{id}/update</c> and anomaly alerts on <c>twin/{id}/alert</c>. The MQTT bridge implements it; grains and the bridge's validation use it.
/// In a cluster every message reaches the subscribers it matches on every silo: a message for one device goes through
/// the silo holding its session (every silo when none is known), and to the silos whose brokers have
/// subscribers of other devices' or twins' topics.
/// </summary>
public interface IDeviceChannel
{
    /// <summary>Publishes an error for the device; <paramref name="session"/> is the silo holding its session, null when unknown.</summary>
    Task ReportErrorAsync(DeviceError error, SiloAddress? session);

    /// <summary>Publishes a change; <paramref name="json"/> is <see cref="PlatformMessageJson.Write(TwinUpdate)"/> of it, rendered once for MQTT and the live feeds.</summary>
    Task PublishTwinUpdateAsync(TwinUpdate update, byte[] json);

    /// <summary>
    /// Publishes a command at its QoS through the silo holding the device's <paramref name="session"/> (null: unknown);
    /// completes when the broker has taken it for delivery.
    /// </summary>
    Task PublishCommandAsync(DeviceCommand command, SiloAddress? session);

    /// <summary>
    /// Publishes the desired document retained (QoS 1), replacing the one before, so a device that
    /// connects later still receives it; a cleared update removes it. Every silo's broker keeps it.
    /// </summary>
    Task PublishDesiredAsync(DesiredUpdate update);

    /// <summary>
    /// Announces a change of an anomaly alert on <c>twin/{id}/alert</c> (QoS 1, not retained); <paramref name="json"/>
    /// is <see cref="PlatformMessageJson.WriteAnomalyAlert"/> of it, the same bytes the live feeds send.
    /// </summary>
    Task PublishAnomalyAlertAsync(string twinId, byte[] json);

    /// <summary>
    /// Ends the device's session on <paramref name="silo"/>, which it left for another: its connection there is closed
    /// without its last will and its session deleted.
    /// </summary>
    Task EndSessionAsync(string deviceId, SiloAddress silo);
}
