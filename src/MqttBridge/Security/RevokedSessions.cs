namespace DigitalTwin.MqttBridge.Security;

/// <summary>
/// Which open device connections authenticated with a credential that is no longer active, asked of the credentials
/// grain (the one truth for every silo), one device at a time.
/// </summary>
internal sealed class RevokedSessions(IDeviceCredentialSource credentials)
{
    /// <summary>The client ids, among <paramref name="sessions"/>, whose device credential was revoked.</summary>
    public async Task<List<string>> FindAsync(IEnumerable<(string ClientId, BrokerIdentity Identity)> sessions, CancellationToken cancellationToken)
    {
        var revoked = new List<string>();
        foreach (var (clientId, identity) in sessions)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (identity.Role != BrokerRole.Device || identity.CredentialId is not { } credentialId)
            {
                continue;
            }

            var active = await credentials.GetActiveAsync(identity.Name);
            if (!active.Any(credential => credential.Id == credentialId))
            {
                revoked.Add(clientId);
            }
        }

        return revoked;
    }
}
