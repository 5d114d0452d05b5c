using DigitalTwin.Behaviour.Features;

namespace DigitalTwin.Detection.Scoring;

/// <summary>
/// Features that measure one thing several ways (packets and bytes and their damped rates; sessions opened, SYNs and
/// FINs; a DNS query's rate, names, their length and entropy, and its NXDOMAIN) rise together: a window's score takes the largest surprise of each group, so a
/// busy minute counts once, not eleven times, and different kinds of evidence add up. The rates damped over ten
/// minutes or an hour are not scored: they repeat the window's own counts with a long memory, so one benign event (a
/// failed handshake after a reboot) kept them above anything the baseline had seen for hours, window after window;
/// the per-window counts and the one-minute rates carry the same evidence once. Nor are the inter-arrival times over
/// the trailing five minutes: a device that reconnects after a reboot or an outage has a burst of starts where it
/// usually has none, the commonest false flag of all, while the per-endpoint rhythm (periodic_gap_*) keeps the
/// timing evidence.
/// </summary>
internal static class FeatureGroups
{
    private static readonly int[] GroupOf = FeatureCatalog.All.Select(d => Group(d.Feature)).ToArray();

    public static int Count { get; } = GroupOf.Max() + 1;

    public static int Of(int feature) => GroupOf[feature];

    /// <summary>Whether the feature adds to a window's score (see the class).</summary>
    public static bool IsScored(int feature) => GroupOf[feature] != Unscored;

    private const int Unscored = -1;

    private static int Group(NetworkFeature feature) => feature switch
    {
        NetworkFeature.PacketRate10m or NetworkFeature.PacketRate1h or NetworkFeature.BytesOutRate10m or NetworkFeature.BytesOutRate1h
            or NetworkFeature.SessionsOpened1h or NetworkFeature.FailedConnections1h or NetworkFeature.TlsFailures1h
            or NetworkFeature.DnsQueries1h or NetworkFeature.DnsNxdomains1h or NetworkFeature.NewDestinations1h
            or NetworkFeature.NewDnsNames1h or NetworkFeature.InterArrivalMean or NetworkFeature.InterArrivalCv => Unscored,
        NetworkFeature.PacketsIn or NetworkFeature.PacketsOut or NetworkFeature.BytesIn or NetworkFeature.BytesOut
            or NetworkFeature.PacketRateMean or NetworkFeature.PacketRatePeak or NetworkFeature.PacketRate1m
            or NetworkFeature.Retransmissions => 0,
        NetworkFeature.BytesOutRatio => 1,
        NetworkFeature.SessionsOpened or NetworkFeature.SynOut or NetworkFeature.FinOut
            or NetworkFeature.FinIn or NetworkFeature.RstOut or NetworkFeature.TlsHandshakes or NetworkFeature.DistinctDestinationIps => 2,
        NetworkFeature.FailedConnections or NetworkFeature.UnansweredSynRatio or NetworkFeature.RstIn => 3,
        NetworkFeature.DistinctDestinationPorts or NetworkFeature.NewDestinations => 4,
        NetworkFeature.DnsQueryRate or NetworkFeature.DnsUniqueNames or NetworkFeature.DnsNameLengthMean or NetworkFeature.DnsNameEntropyMean
            or NetworkFeature.NewDnsNames or NetworkFeature.DnsNxdomainRatio => 5,
        NetworkFeature.TlsFailures => 6,
        NetworkFeature.TcpRatio or NetworkFeature.UdpRatio or NetworkFeature.IcmpRatio or NetworkFeature.OtherRatio => 7,
        NetworkFeature.PayloadSizeMean or NetworkFeature.PayloadSizeStd or NetworkFeature.PayloadSizeEntropy => 8,
        NetworkFeature.PeriodicGapMean or NetworkFeature.PeriodicGapCv => 9,
        NetworkFeature.SessionDurationMean or NetworkFeature.SessionDurationP95 => 10,
        NetworkFeature.LatencyMean or NetworkFeature.Jitter => 11,
        NetworkFeature.SynIn or NetworkFeature.ListeningPorts => 12,
        _ => 13,
    };
}
