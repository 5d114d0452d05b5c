namespace DigitalTwin.Grains.Interfaces.Twins;

/// <summary>Names of the stream that carries device messages to twins; one stream per device id.</summary>
public static class DeviceStreams
{
    public const string ProviderName = "DeviceStreams";

    public const string Namespace = "device";
}
