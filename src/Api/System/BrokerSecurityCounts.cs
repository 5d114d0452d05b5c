namespace DigitalTwin.Api.System;

/// <summary>
/// What the broker's authentication, client-certificate check, topic ACL and limits did on the silo that answered (the
/// <c>DigitalTwin.BrokerSecurity</c> meter): connections authenticated and refused (by reason), secrets verified from the
/// cache and with the slow hash, publishes and subscriptions the ACL refused, publishes over a device's limits,
/// unknown devices not given a twin over the discovery cap, and TLS connections closed for not finishing the handshake in time.
/// </summary>
internal sealed record BrokerSecurityCounts(
    long ConnectionsAuthenticated,
    IReadOnlyDictionary<string, long> ConnectionsRefusedByReason,
    long VerificationCacheHits,
    long SlowVerifications,
    long PublishesRefused,
    long SubscriptionsRefused,
    long RateLimited,
    long DiscoveriesCapped,
    long TlsHandshakesTimedOut);
