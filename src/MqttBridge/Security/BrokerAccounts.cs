using System.Net;
using DigitalTwin.Grains.Credentials;

namespace DigitalTwin.MqttBridge.Security;

/// <summary>The configured platform and probe accounts, by username, ready to verify.</summary>
internal sealed class BrokerAccounts
{
    public const string PlatformRole = "platform";
    public const string ProbeRole = "probe";

    private readonly Dictionary<string, (string Hash, BrokerIdentity Identity)> _accounts = new(StringComparer.Ordinal);

    public BrokerAccounts(BrokerAuthOptions options)
    {
        foreach (var account in options.Accounts)
        {
            var role = string.Equals(account.Role, ProbeRole, StringComparison.OrdinalIgnoreCase) ? BrokerRole.Probe : BrokerRole.Platform;
            var scope = role == BrokerRole.Probe
                ? new ProbeScope(account.DeviceIds.ToHashSet(StringComparer.Ordinal), [.. account.Subnets.Select(s => IPNetwork.Parse(s))])
                : null;
            _accounts[account.Username] = (account.SecretHash, new BrokerIdentity(account.Username, role, Probe: scope));
        }
    }

    public bool IsAccount(string username) => _accounts.ContainsKey(username);

    /// <summary>The account's identity when <paramref name="secret"/> is its secret (a slow hash); null otherwise.</summary>
    public BrokerIdentity? Verify(string username, ReadOnlySpan<byte> secret) =>
        _accounts.TryGetValue(username, out var account) && SecretHash.Verify(account.Hash, secret) ? account.Identity : null;
}
