namespace DigitalTwin.Grains.Streams;

/// <summary>
/// The Orleans persistent stream that carries device messages from the MQTT bridge to the twins: one stream per
/// device (its id in <see cref="Namespace"/>), implicitly subscribed by the device's twin.
/// </summary>
public static class DeviceStreams
{
    /// <summary>The stream provider's name, as a keyed <c>IStreamProvider</c> service.</summary>
    public const string ProviderName = "devices";

    /// <summary>The stream namespace the twin grain subscribes to implicitly.</summary>
    public const string Namespace = "device";

    public static StreamId For(string deviceId) => StreamId.Create(Namespace, deviceId);
}
