using System.Security.Cryptography;
using DigitalTwin.Grains.Interfaces.Credentials;

namespace DigitalTwin.Grains.Credentials;

/// <summary>
/// The rules of one device's credentials over its persisted state: at most <see cref="DeviceCredentialLimits.MaxActive"/>
/// active at once, secrets generated here and kept only as hashes, revocation removes the hash. Each method says
/// whether the state changed, so the grain writes only then.
/// </summary>
public sealed class DeviceCredentials(DeviceCredentialsState state)
{
    /// <summary>Last-used times are written when they move by at least this much, so a device reconnecting often costs no write each time.</summary>
    public static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    public CredentialIssueResult Issue(DateTimeOffset now)
    {
        if (state.Active.Count >= DeviceCredentialLimits.MaxActive)
        {
            return new CredentialIssueResult(CredentialIssueStatus.LimitReached, null, null);
        }

        var secret = DeviceSecret.New();
        var credential = new StoredCredential
        {
            Id = "cred-" + RandomNumberGenerator.GetHexString(16, lowercase: true),
            Hash = SecretHash.Create(secret),
            CreatedAt = now,
        };
        state.Active.Add(credential);
        return new CredentialIssueResult(CredentialIssueStatus.Issued, View(credential), secret);
    }

    public DeviceCredentialView[] List() => [.. state.Active.Select(View)];

    public CredentialHash[] Hashes() => [.. state.Active.Select(c => new CredentialHash(c.Id, c.Hash))];

    public bool Revoke(string credentialId) => state.Active.RemoveAll(c => c.Id == credentialId) > 0;

    public int RevokeAll()
    {
        var count = state.Active.Count;
        state.Active.Clear();
        return count;
    }

    /// <summary>Records a use; true when the stored time moved by <see cref="LastUsedResolution"/> or more (worth a write).</summary>
    public bool RecordUse(string credentialId, DateTimeOffset at)
    {
        var credential = state.Active.Find(c => c.Id == credentialId);
        if (credential is null || (credential.LastUsedAt is { } last && at - last < LastUsedResolution))
        {
            return false;
        }

        credential.LastUsedAt = at;
        return true;
    }

    private static DeviceCredentialView View(StoredCredential credential) => new(credential.Id, credential.CreatedAt, credential.LastUsedAt);
}
