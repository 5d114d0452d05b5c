using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace DigitalTwin.Grains.Diagnostics;

/// <summary>
/// What the broker's authentication, client-certificate check, topic ACL and limits refused on this silo, the TLS handshakes it
/// gave up on, and how verifications went. Published
/// as the <c>DigitalTwin.BrokerSecurity</c> meter and in <c>GET /api/v1/system/metrics</c> (<c>broker_security</c>).
/// </summary>
public sealed class BrokerSecurityMetrics : IDisposable
{
    public const string MeterName = "DigitalTwin.BrokerSecurity";

    /// <summary>Reasons a connection is refused, as counted.</summary>
    public const string BadCredentials = "bad_credentials";
    public const string ClientIdMismatch = "client_id_mismatch";
    public const string BackedOff = "backed_off";
    public const string WillNotAllowed = "will_not_allowed";
    public const string SessionOfAnother = "session_of_another";

    /// <summary>Reasons a client certificate is refused (mutual TLS), as counted.</summary>
    public const string CertificateMissing = "certificate_missing";
    public const string CertificateUntrusted = "certificate_untrusted";
    public const string CertificateExpired = "certificate_expired";
    public const string CertificateNotForClients = "certificate_not_for_clients";
    public const string CertificateBadName = "certificate_bad_name";

    private readonly ConcurrentDictionary<string, long> _refusedByReason = new(StringComparer.Ordinal);
    private readonly Meter _meter;
    private long _authenticated;
    private long _cacheHits;
    private long _slowVerifications;
    private long _publishesRefused;
    private long _subscriptionsRefused;
    private long _rateLimited;
    private long _discoveriesCapped;
    private long _tlsHandshakesTimedOut;

    public BrokerSecurityMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        _meter.CreateObservableCounter("dtn.broker.connections_authenticated", () => Authenticated, unit: "{connection}", description: "Broker connections that authenticated");
        _meter.CreateObservableCounter("dtn.broker.connections_refused", ObserveRefusals, unit: "{connection}", description: "Broker connections refused by authentication or their client certificate, by reason (label reason)");
        _meter.CreateObservableCounter("dtn.broker.verification_cache_hits", () => CacheHits, unit: "{verification}", description: "Device secrets verified from the cache, without a slow hash");
        _meter.CreateObservableCounter("dtn.broker.slow_verifications", () => SlowVerifications, unit: "{verification}", description: "Device or account secrets verified with the slow hash");
        _meter.CreateObservableCounter("dtn.broker.publishes_refused", () => PublishesRefused, unit: "{publish}", description: "Publishes the topic ACL refused");
        _meter.CreateObservableCounter("dtn.broker.subscriptions_refused", () => SubscriptionsRefused, unit: "{subscription}", description: "Subscriptions the topic ACL refused");
        _meter.CreateObservableCounter("dtn.broker.rate_limited", () => RateLimited, unit: "{publish}", description: "Device publishes refused for exceeding Mqtt:DeviceLimits");
        _meter.CreateObservableCounter("dtn.broker.tls_handshakes_timed_out", () => TlsHandshakesTimedOut, unit: "{connection}", description: "Connections to the TLS port closed for not finishing the handshake within Mqtt:Tls:HandshakeTimeout");
        _meter.CreateObservableCounter("dtn.twins.discoveries_capped", () => DiscoveriesCapped, unit: "{device}", description: "Unknown devices not given a twin because Twins:MaxDiscoveriesPerMinute was reached");
    }

    public long Authenticated => Interlocked.Read(ref _authenticated);

    public IReadOnlyDictionary<string, long> ConnectionsRefusedByReason => new SortedDictionary<string, long>(_refusedByReason, StringComparer.Ordinal);

    public long CacheHits => Interlocked.Read(ref _cacheHits);

    public long SlowVerifications => Interlocked.Read(ref _slowVerifications);

    public long PublishesRefused => Interlocked.Read(ref _publishesRefused);

    public long SubscriptionsRefused => Interlocked.Read(ref _subscriptionsRefused);

    public long RateLimited => Interlocked.Read(ref _rateLimited);

    public long DiscoveriesCapped => Interlocked.Read(ref _discoveriesCapped);

    public long TlsHandshakesTimedOut => Interlocked.Read(ref _tlsHandshakesTimedOut);

    public void ConnectionAuthenticated() => Interlocked.Increment(ref _authenticated);

    public void ConnectionRefused(string reason) => _refusedByReason.AddOrUpdate(reason, 1, static (_, count) => count + 1);

    public void CacheHit() => Interlocked.Increment(ref _cacheHits);

    public void SlowVerification() => Interlocked.Increment(ref _slowVerifications);

    public void PublishRefused() => Interlocked.Increment(ref _publishesRefused);

    public void SubscriptionRefused() => Interlocked.Increment(ref _subscriptionsRefused);

    public void MessageRateLimited() => Interlocked.Increment(ref _rateLimited);

    public void DiscoveryCapped() => Interlocked.Increment(ref _discoveriesCapped);

    public void TlsHandshakeTimedOut() => Interlocked.Increment(ref _tlsHandshakesTimedOut);

    public void Dispose() => _meter.Dispose();

    // One series per reason, as in connections_refused_by_reason: a total alone could not tell guessed passwords from
    // certificates of the wrong CA.
    private IEnumerable<Measurement<long>> ObserveRefusals() =>
        _refusedByReason.Select(refused => new Measurement<long>(refused.Value, new KeyValuePair<string, object?>("reason", refused.Key)));
}
