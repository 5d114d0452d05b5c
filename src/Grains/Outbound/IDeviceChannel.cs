using DigitalTwin.Wire.Outbound;

namespace DigitalTwin.Grains.Outbound;

/// <summary>
/// What the platform says back over MQTT: errors on <c>device/{id}/error</c>, commands on
/// <c>device/{id}/command</c>, desired state on <c>device/{id}/desired</c>, changes on
/// <c>twin/{id}/update</c> and anomaly alerts on <c>twin/{id}/alert</c>. The MQTT bridge implements it; grains and the bridge's validation use it.
/// </summary>
public interface IDeviceChannel
{
    Task ReportErrorAsync(DeviceError error);

    /// <summary>Publishes a change; <paramref name="json"/> is <see cref="PlatformMessageJson.Write(TwinUpdate)"/> of it, rendered once for MQTT and the live feeds.</summary>
    Task PublishTwinUpdateAsync(TwinUpdate update, byte[] json);

    /// <summary>Publishes a command at its QoS; completes when the broker has taken it for delivery.</summary>
    Task PublishCommandAsync(DeviceCommand command);

    /// <summary>
    /// Publishes the desired document retained (QoS 1), replacing the one before, so a device that
    /// connects later still receives it; a cleared update removes it.
    /// </summary>
    Task PublishDesiredAsync(DesiredUpdate update);

    /// <summary>
    /// Announces a change of an anomaly alert on <c>twin/{id}/alert</c> (QoS 1, not retained); <paramref name="json"/>
    /// is <see cref="PlatformMessageJson.WriteAnomalyAlert"/> of it, the same bytes the live feeds send.
    /// </summary>
    Task PublishAnomalyAlertAsync(string twinId, byte[] json);
}
