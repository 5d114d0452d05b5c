namespace DigitalTwin.Grains.Credentials;

/// <summary>
/// The broker connections of devices on this silo, as far as credentials are concerned: a revocation closes the
/// connections that authenticated with the revoked secret at once, rather than at their next connect.
/// </summary>
public interface IDeviceSessions
{
    /// <summary>Closes this silo's connections of <paramref name="deviceId"/> that authenticated with <paramref name="credentialId"/> (any credential when null).</summary>
    Task CloseAsync(string deviceId, string? credentialId);
}
