using System.Collections.Frozen;

namespace DigitalTwin.Behaviour.Features;

/// <summary>
/// The one definition of the window features: names on the wire (<c>device/{id}/network</c>), in the API and in
/// dataset columns, with units. docs/dataset.md documents the same list; a test keeps the two in step.
/// </summary>
public static class FeatureCatalog
{
    /// <summary>
    /// Version of the feature schema this code computes, written into every window it builds (docs/dataset.md,
    /// "Feature schema versions"). Version 3 adds TCP control counts, the host's own history (new destinations and
    /// names, per-destination periodicity) and damped rates over one minute to one hour, and makes
    /// <c>listening_ports</c> purely observed; version 2 defined every feature as a packet sensor observes it;
    /// version 1 was the simulator's session-level model (planned lifetimes, round trips of every flow).
    /// </summary>
    public const int SchemaVersion = 3;

    /// <summary>
    /// The versions the platform accepts. Each version keeps the names of the one before and may add features; the
    /// meanings differ, so a window always carries its version and numbers of two versions are never mixed silently.
    /// </summary>
    public static IReadOnlyList<int> SupportedSchemaVersions { get; } = Enumerable.Range(OldestSchemaVersion, SchemaVersion - OldestSchemaVersion + 1).ToArray();

    /// <summary>The oldest feature schema version the platform still reads.</summary>
    public const int OldestSchemaVersion = 1;

    public static bool IsSupported(int schemaVersion) => schemaVersion is >= OldestSchemaVersion and <= SchemaVersion;

    /// <summary>The trailing span over which connection inter-arrival times are measured.</summary>
    public static readonly TimeSpan InterArrivalHorizon = TimeSpan.FromMinutes(5);

    /// <summary>How many remote endpoints and DNS names a host's history remembers for the "new" features.</summary>
    public const int HistoryCapacity = 4096;

    public static IReadOnlyList<FeatureDescriptor> All { get; } =
    [
        new(NetworkFeature.PacketsIn, "packets_in", "packets", "Packets received by the device in the window"),
        new(NetworkFeature.PacketsOut, "packets_out", "packets", "Packets sent by the device in the window"),
        new(NetworkFeature.BytesIn, "bytes_in", "bytes", "Bytes received (IP payload: each packet without its IP header) in the window"),
        new(NetworkFeature.BytesOut, "bytes_out", "bytes", "Bytes sent (IP payload: each packet without its IP header) in the window"),
        new(NetworkFeature.PacketRateMean, "packet_rate_mean", "packets/s", "Packets in and out divided by the window length"),
        new(NetworkFeature.PacketRatePeak, "packet_rate_peak", "packets/s", "Highest packet count in any one-second slot of the window"),
        new(NetworkFeature.TcpRatio, "tcp_ratio", "fraction", "Share of the window's packets that are TCP"),
        new(NetworkFeature.UdpRatio, "udp_ratio", "fraction", "Share of the window's packets that are UDP"),
        new(NetworkFeature.IcmpRatio, "icmp_ratio", "fraction", "Share of the window's packets that are ICMP"),
        new(NetworkFeature.OtherRatio, "other_ratio", "fraction", "Share of the window's packets of any other IP protocol"),
        new(NetworkFeature.SessionsOpened, "sessions_opened", "sessions", "Sessions the device opened or accepted in the window, failed attempts included: TCP connections whose SYN (or, when the SYN went unseen, SYN-ACK) was seen, and UDP/ICMP flows whose first packet was seen"),
        new(NetworkFeature.SessionDurationMean, "session_duration_mean", "s", "Mean duration, first to last packet, of the device's sessions that ended in the window: closed by FIN both ways or a reset (ended once a 2 s linger for trailing packets passes), or silent past their idle timeout; a session ending while the device is silent counts in its next window (0 when none)"),
        new(NetworkFeature.SessionDurationP95, "session_duration_p95", "s", "95th percentile of the durations of the sessions that ended in the window (0 when none)"),
        new(NetworkFeature.LatencyMean, "latency_mean", "ms", "Mean round-trip time of the window's TCP handshakes: SYN to SYN-ACK for connections the device opened, SYN-ACK to ACK for those it accepted (0 when none measured)"),
        new(NetworkFeature.Jitter, "jitter", "ms", "Standard deviation of those handshake round-trip times (0 when fewer than two)"),
        new(NetworkFeature.Retransmissions, "retransmissions", "packets", "TCP segments with data, SYN or FIN of the device's connections, either direction, whose whole sequence range had been seen before in their direction (keep-alive probes excepted; a segment filling a gap, reordered, is none)"),
        new(NetworkFeature.FailedConnections, "failed_connections", "sessions", "TCP connection attempts, made or received, that were refused or reset before the handshake completed, or unanswered for the connect timeout (5 s)"),
        new(NetworkFeature.DnsQueryRate, "dns_query_rate", "queries/s", "DNS queries the device sent (to port 53) per second"),
        new(NetworkFeature.DnsUniqueNames, "dns_unique_names", "names", "Distinct names asked in the window's queries"),
        new(NetworkFeature.DnsNameLengthMean, "dns_name_length_mean", "characters", "Mean length of the queried names (0 when no query)"),
        new(NetworkFeature.DnsNameEntropyMean, "dns_name_entropy_mean", "bits/character", "Mean Shannon entropy of the characters of the queried names (0 when no query)"),
        new(NetworkFeature.DnsNxdomainRatio, "dns_nxdomain_ratio", "fraction", "NXDOMAIN answers the device received per query it sent, at most 1 (0 when no query)"),
        new(NetworkFeature.TlsHandshakes, "tls_handshakes", "handshakes", "TLS handshakes started in the window (a ClientHello seen), either side"),
        new(NetworkFeature.TlsFailures, "tls_failures", "handshakes", "TLS handshakes that failed in the window: an alert, a reset or close before completion, or not completed within 10 s"),
        new(NetworkFeature.PayloadSizeMean, "payload_size_mean", "bytes", "Mean IP payload size of the window's packets (0 when none)"),
        new(NetworkFeature.PayloadSizeStd, "payload_size_std", "bytes", "Standard deviation of the packets' IP payload sizes"),
        new(NetworkFeature.PayloadSizeEntropy, "payload_size_entropy", "bits", "Shannon entropy of the payload-size histogram (64-byte bins up to 1,536 bytes): low for fixed-size traffic, high for varied or padded sizes"),
        new(NetworkFeature.InterArrivalMean, "inter_arrival_mean", "s", "Mean time between the device's outbound session starts over the trailing five minutes (at most the last 4,096 starts; 0 when fewer than three starts)") { RemembersPast = true },
        new(NetworkFeature.InterArrivalCv, "inter_arrival_cv", "ratio", "Coefficient of variation (std / mean) of those inter-arrival times: near 0 for strictly periodic starts, about 1 for random ones") { RemembersPast = true },
        new(NetworkFeature.DistinctDestinationIps, "distinct_destination_ips", "addresses", "Distinct remote addresses the device exchanged packets with in the window"),
        new(NetworkFeature.DistinctDestinationPorts, "distinct_destination_ports", "ports", "Distinct remote ports of the TCP and UDP sessions the device initiated that carried packets in the window"),
        new(NetworkFeature.ListeningPorts, "listening_ports", "ports", "Ports the device accepted TCP connections on (sent a SYN-ACK from) in the window"),
        new(NetworkFeature.SynOut, "syn_out", "packets", "TCP segments with SYN and without ACK the device sent (connection attempts, resent SYNs included)", 3),
        new(NetworkFeature.SynIn, "syn_in", "packets", "TCP segments with SYN and without ACK the device received", 3),
        new(NetworkFeature.RstOut, "rst_out", "packets", "TCP segments with RST the device sent", 3),
        new(NetworkFeature.RstIn, "rst_in", "packets", "TCP segments with RST the device received", 3),
        new(NetworkFeature.FinOut, "fin_out", "packets", "TCP segments with FIN the device sent", 3),
        new(NetworkFeature.FinIn, "fin_in", "packets", "TCP segments with FIN the device received", 3),
        new(NetworkFeature.UnansweredSynRatio, "unanswered_syn_ratio", "fraction", "Share of the TCP connection attempts the device opened in the window that had drawn neither a SYN-ACK nor a reset when the window ended (0 when none)", 3),
        new(NetworkFeature.BytesOutRatio, "bytes_out_ratio", "fraction", "Bytes sent divided by bytes sent and received: the in/out balance, 1 for pure upload (0 when no bytes)", 3),
        new(NetworkFeature.NewDestinations, "new_destinations", "endpoints", "Distinct remote endpoints (address, port, protocol) of the sessions the device opened in the window that are not in its history: the last 4,096 endpoints it opened sessions to before", 3) { RemembersPast = true },
        new(NetworkFeature.NewDnsNames, "new_dns_names", "names", "Distinct names the device queried in the window that are not in its history: the last 4,096 names it queried before", 3) { RemembersPast = true },
        new(NetworkFeature.PacketRate1m, "packet_rate_1m", "packets/s", "Packets in and out per second, exponentially damped with a one-minute half-life over the host's whole history, silent time included", 3) { RemembersPast = true },
        new(NetworkFeature.PacketRate10m, "packet_rate_10m", "packets/s", "The same damped packet rate with a ten-minute half-life", 3) { RemembersPast = true },
        new(NetworkFeature.PacketRate1h, "packet_rate_1h", "packets/s", "The same damped packet rate with a one-hour half-life", 3) { RemembersPast = true },
        new(NetworkFeature.BytesOutRate10m, "bytes_out_rate_10m", "bytes/s", "Bytes sent per second, damped with a ten-minute half-life", 3) { RemembersPast = true },
        new(NetworkFeature.BytesOutRate1h, "bytes_out_rate_1h", "bytes/s", "Bytes sent per second, damped with a one-hour half-life", 3) { RemembersPast = true },
        new(NetworkFeature.SessionsOpened1h, "sessions_opened_1h", "per hour", "Sessions opened or accepted per hour, damped with a one-hour half-life", 3) { RemembersPast = true },
        new(NetworkFeature.FailedConnections1h, "failed_connections_1h", "per hour", "Failed connection attempts per hour, damped with a one-hour half-life", 3) { RemembersPast = true },
        new(NetworkFeature.TlsFailures1h, "tls_failures_1h", "per hour", "Failed TLS handshakes per hour, damped with a one-hour half-life", 3) { RemembersPast = true },
        new(NetworkFeature.DnsQueries1h, "dns_queries_1h", "per hour", "DNS queries sent per hour, damped with a one-hour half-life", 3) { RemembersPast = true },
        new(NetworkFeature.DnsNxdomains1h, "dns_nxdomains_1h", "per hour", "NXDOMAIN answers received per hour, damped with a one-hour half-life", 3) { RemembersPast = true },
        new(NetworkFeature.NewDestinations1h, "new_destinations_1h", "per hour", "New destinations (as in new_destinations) per hour, damped with a one-hour half-life", 3) { RemembersPast = true },
        new(NetworkFeature.NewDnsNames1h, "new_dns_names_1h", "per hour", "New DNS names (as in new_dns_names) per hour, damped with a one-hour half-life", 3) { RemembersPast = true },
        new(NetworkFeature.PeriodicGapMean, "periodic_gap_mean", "s", "Of the remote endpoints the device opened sessions to in the window whose starts so far, this one included, number at least four (three gaps), the most regular one's mean gap between session starts (exponentially weighted, each new gap weighing a quarter; starts under 1 s apart count once); 0 when none", 3) { RemembersPast = true },
        new(NetworkFeature.PeriodicGapCv, "periodic_gap_cv", "ratio", "That endpoint's coefficient of variation (std / mean) of the gaps: near 0 for a timer, higher with jitter; 0 when none (periodic_gap_mean is then 0 too)", 3) { RemembersPast = true },
    ];

    /// <summary>Number of features: the length of every <see cref="NetworkWindow.Values"/>.</summary>
    public static int Count => All.Count;

    private static readonly FrozenDictionary<string, NetworkFeature> ByName =
        All.ToFrozenDictionary(d => d.Name, d => d.Feature, StringComparer.Ordinal);

    public static FeatureDescriptor Describe(NetworkFeature feature) => All[(int)feature];

    /// <summary>
    /// Whether windows of <paramref name="schemaVersion"/> carry <paramref name="feature"/>; those that do not hold NaN
    /// for it (every window holds <see cref="Count"/> values).
    /// </summary>
    public static bool Defines(int schemaVersion, NetworkFeature feature) => schemaVersion >= All[(int)feature].Since;

    public static string NameOf(NetworkFeature feature) => All[(int)feature].Name;

    public static bool TryFind(string name, out NetworkFeature feature) => ByName.TryGetValue(name, out feature);
}
