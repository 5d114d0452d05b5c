namespace DigitalTwin.Grains.Interfaces.Credentials;

/// <summary>
/// The secrets one device (keyed by device id) authenticates to the broker with. Kept apart from the twin: a device
/// may be given credentials before its twin exists (auto-discovery then creates it on its first message), and the
/// broker asks for them on every connection without waking the twin. Secrets are returned once, when issued, and
/// stored only as salted slow hashes.
/// </summary>
public interface IDeviceCredentialsGrain : IGrainWithStringKey
{
    /// <summary>
    /// Issues a new secret. The credentials already active stay valid, which is how a rotation works: issue, move the
    /// device to the new secret, revoke the old one. Refused when the device already has
    /// <see cref="DeviceCredentialLimits.MaxActive"/> active credentials.
    /// </summary>
    Task<CredentialIssueResult> IssueAsync();

    /// <summary>The active credentials, oldest first, without their hashes.</summary>
    Task<DeviceCredentialView[]> ListAsync();

    /// <summary>Revokes one credential; false when the device has no such credential.</summary>
    Task<bool> RevokeAsync(string credentialId);

    /// <summary>Revokes every credential of the device; returns how many there were.</summary>
    Task<int> RevokeAllAsync();

    /// <summary>What the broker verifies a presented secret against: each active credential's id and hash.</summary>
    Task<CredentialHash[]> GetHashesAsync();

    /// <summary>Notes that the broker accepted the credential; kept to the minute (see <c>DeviceCredentials</c>).</summary>
    Task RecordUseAsync(string credentialId, DateTimeOffset at);
}
