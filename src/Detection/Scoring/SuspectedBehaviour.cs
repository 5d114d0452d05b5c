namespace DigitalTwin.Detection.Scoring;

/// <summary>
/// The behaviours an alert can name: the anomaly classes of the labelled datasets (the same names, so an alert and
/// the ground truth join on them), and <see cref="Unclassified"/> when the evidence fits none well.
/// </summary>
public static class SuspectedBehaviour
{
    public const string TrafficSpike = "traffic_spike";
    public const string ProtocolMix = "protocol_mix";
    public const string BruteForce = "brute_force";
    public const string PayloadTunnelling = "payload_tunnelling";
    public const string TimingAnomaly = "timing_anomaly";
    public const string ConnectionFlood = "connection_flood";
    public const string Beacon = "beacon";
    public const string PortScan = "port_scan";
    public const string DnsTunnelling = "dns_tunnelling";
    public const string DataExfiltration = "data_exfiltration";
    public const string Unclassified = "unclassified";

    /// <summary>Every name an alert's type may take, <see cref="Unclassified"/> last.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        TrafficSpike, ProtocolMix, BruteForce, PayloadTunnelling, TimingAnomaly, ConnectionFlood, Beacon, PortScan,
        DnsTunnelling, DataExfiltration, Unclassified,
    ];

    public static bool IsKnown(string name) => IndexOf(name) >= 0;

    /// <summary>The name's place in <see cref="All"/>, or -1.</summary>
    public static int IndexOf(string name)
    {
        for (var i = 0; i < All.Count; i++)
        {
            if (string.Equals(All[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
