namespace DigitalTwin.Grains.Twins;

/// <summary>Grain storage names. Each grain class has its own state name so two never share a storage key.</summary>
public static class TwinStorage
{
    public const string ProviderName = "twins";

    public const string TwinStateName = "twin";

    public const string CommandJobStateName = "command_job";

    /// <summary>A device's broker credentials (<c>DeviceCredentialsGrain</c>), keyed like the twin but never in its state.</summary>
    public const string DeviceCredentialsStateName = "device_credentials";
}
