namespace DigitalTwin.Behaviour.Features;

/// <summary>
/// The features of one network-behaviour window, in column order. The numeric value is the index into
/// <see cref="NetworkWindow.Values"/>; <see cref="FeatureCatalog"/> holds each one's wire name, unit and meaning.
/// Appending is compatible; reordering or removing changes the dataset schema version.
/// </summary>
public enum NetworkFeature
{
    PacketsIn,
    PacketsOut,
    BytesIn,
    BytesOut,
    PacketRateMean,
    PacketRatePeak,
    TcpRatio,
    UdpRatio,
    IcmpRatio,
    OtherRatio,
    SessionsOpened,
    SessionDurationMean,
    SessionDurationP95,
    LatencyMean,
    Jitter,
    Retransmissions,
    FailedConnections,
    DnsQueryRate,
    DnsUniqueNames,
    DnsNameLengthMean,
    DnsNameEntropyMean,
    DnsNxdomainRatio,
    TlsHandshakes,
    TlsFailures,
    PayloadSizeMean,
    PayloadSizeStd,
    PayloadSizeEntropy,
    InterArrivalMean,
    InterArrivalCv,
    DistinctDestinationIps,
    DistinctDestinationPorts,
    ListeningPorts,
}
