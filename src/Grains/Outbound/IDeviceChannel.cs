namespace DigitalTwin.Grains.Outbound;

/// <summary>
/// What the platform says back over MQTT: errors on <c>device/{id}/error</c>, commands on
/// <c>device/{id}/command</c> and changes on <c>twin/{id}/update</c>. The MQTT bridge implements it; grains and the bridge's validation use it.
/// </summary>
public interface IDeviceChannel
{
    Task ReportErrorAsync(DeviceError error);

    Task PublishTwinUpdateAsync(TwinUpdate update);

    /// <summary>Publishes a command at its QoS; completes when the broker has taken it for delivery.</summary>
    Task PublishCommandAsync(DeviceCommand command);
}
