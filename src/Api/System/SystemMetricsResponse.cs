namespace DigitalTwin.Api.System;

/// <summary>Ingest counters and rates, live-feed and detection counters of the silo that answered, and the twins of the cluster.</summary>
internal sealed record SystemMetricsResponse(
    MessageCounts Messages,
    MessageRateWindows Rates,
    TwinCounts Twins,
    double UptimeSeconds,
    string Silo,
    FeedCounts Feeds,
    DetectionCounts Detection)
{
    /// <summary>The broker's authentication, ACL and limits on this silo.</summary>
    public BrokerSecurityCounts? BrokerSecurity { get; init; }
}
