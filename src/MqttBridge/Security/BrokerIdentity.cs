using System.Collections;

namespace DigitalTwin.MqttBridge.Security;

/// <summary>
/// Who a broker connection authenticated as, kept in its session's items, where the topic ACL reads it. Whatever
/// authenticates a connection (a device secret, an account, a client certificate) stores one here with
/// <see cref="Store"/>; a connection without one is refused everything while authentication is on.
/// </summary>
/// <param name="Name">The device id, or the account's username.</param>
/// <param name="Role">What the identity is, which decides what the ACL lets it do.</param>
/// <param name="CredentialId">The device credential that was presented, when it was one (a revocation closes its connections).</param>
/// <param name="Probe">What a probe account may publish for.</param>
public sealed record BrokerIdentity(string Name, BrokerRole Role, string? CredentialId = null, ProbeScope? Probe = null)
{
    private static readonly object Key = new();

    public static void Store(IDictionary items, BrokerIdentity identity) => items[Key] = identity;

    public static BrokerIdentity? Of(IDictionary? items) => items?[Key] as BrokerIdentity;

    /// <summary>Whether <paramref name="other"/> is the same principal (a session may pass between its connections only).</summary>
    public bool IsSamePrincipal(BrokerIdentity other) => Role == other.Role && string.Equals(Name, other.Name, StringComparison.Ordinal);
}
