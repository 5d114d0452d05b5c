namespace DigitalTwin.Api.System;

/// <summary>Ingest counters and rates, live-feed, cluster broker, detection and API refusal counters of the silo that answered, and the twins of the cluster.</summary>
internal sealed record SystemMetricsResponse(
    MessageCounts Messages,
    MessageRateWindows Rates,
    TwinCounts Twins,
    double UptimeSeconds,
    string Silo,
    FeedCounts Feeds,
    DetectionCounts Detection,
    ApiRefusalCounts Api)
{
    /// <summary>This silo's broker and the other silos' brokers.</summary>
    public ClusterBrokerCounts? Cluster { get; init; }

    /// <summary>The broker's authentication, ACL and limits on this silo.</summary>
    public BrokerSecurityCounts? BrokerSecurity { get; init; }
}
