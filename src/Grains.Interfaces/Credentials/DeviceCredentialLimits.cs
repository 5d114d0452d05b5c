namespace DigitalTwin.Grains.Interfaces.Credentials;

/// <summary>The fixed limits of device credentials.</summary>
public static class DeviceCredentialLimits
{
    /// <summary>Active credentials per device: the one in use and the one replacing it during a rotation.</summary>
    public const int MaxActive = 2;
}
