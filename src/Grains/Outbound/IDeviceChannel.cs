namespace DigitalTwin.Grains.Outbound;

/// <summary>
/// What the platform says back over MQTT: errors on <c>device/{id}/error</c> and changes on
/// <c>twin/{id}/update</c>. The MQTT bridge implements it; grains and the bridge's validation use it.
/// </summary>
public interface IDeviceChannel
{
    Task ReportErrorAsync(DeviceError error);

    /// <summary>Publishes a change; <paramref name="json"/> is <see cref="PlatformMessageJson.Write(TwinUpdate)"/> of it, rendered once for MQTT and the live feeds.</summary>
    Task PublishTwinUpdateAsync(TwinUpdate update, byte[] json);
}
