using System.Collections.Frozen;

namespace DigitalTwin.DeviceSimulator.Traffic;

/// <summary>
/// Each anomaly class's name in scenario files and datasets, what its rate means, and its defaults. docs/dataset.md
/// explains how each is generated.
/// </summary>
public static class AnomalyCatalog
{
    /// <summary>nmap timing templates as probe rates (probes/s). T0–T2 follow nmap's fixed scan delays (5 min, 15 s,
    /// 0.4 s); T3–T5 have no fixed delay in nmap and adapt to the network, so these are typical LAN rates.</summary>
    public static FrozenDictionary<string, double> ScanTimings { get; } = new Dictionary<string, double>
    {
        ["T0"] = 1 / 300.0,
        ["T1"] = 1 / 15.0,
        ["T2"] = 2.5,
        ["T3"] = 100,
        ["T4"] = 300,
        ["T5"] = 1_000,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    public static IReadOnlyList<AnomalyDescriptor> All { get; } =
    [
        new(AnomalyClass.TrafficSpike, "traffic_spike", "packets/s during each burst", new(Rate: 1_500, Duration: 600, Period: 0, Jitter: 0, Intensity: 1, Ramp: 60)),
        new(AnomalyClass.ProtocolMix, "protocol_mix", "ICMP packets/s (GRE at half that)", new(Rate: 40, Duration: 1_800, Period: 0, Jitter: 0, Intensity: 1, Ramp: 60)),
        new(AnomalyClass.BruteForce, "brute_force", "login attempts/s", new(Rate: 2, Duration: 1_200, Period: 0, Jitter: 0, Intensity: 1, Ramp: 30)),
        new(AnomalyClass.PayloadTunnelling, "payload_tunnelling", "tunnel packets/s", new(Rate: 30, Duration: 1_800, Period: 0, Jitter: 0, Intensity: 1, Ramp: 60)),
        new(AnomalyClass.TimingAnomaly, "timing_anomaly", "sessions per burst", new(Rate: 8, Duration: 1_800, Period: 60, Jitter: 1, Intensity: 1, Ramp: 60)),
        new(AnomalyClass.ConnectionFlood, "connection_flood", "connection attempts/s", new(Rate: 150, Duration: 300, Period: 0, Jitter: 0, Intensity: 1, Ramp: 20)),
        new(AnomalyClass.Beacon, "beacon", "unused (the period sets the pace)", new(Rate: 0, Duration: 7_200, Period: 45, Jitter: 0.2, Intensity: 1, Ramp: 120)),
        new(AnomalyClass.PortScan, "port_scan", "probes/s (or an nmap timing template)", new(Rate: ScanTimings["T4"], Duration: 300, Period: 0, Jitter: 0, Intensity: 1, Ramp: 10)),
        new(AnomalyClass.DnsTunnelling, "dns_tunnelling", "queries/s", new(Rate: 4, Duration: 1_800, Period: 0, Jitter: 0, Intensity: 1, Ramp: 60)),
        new(AnomalyClass.DataExfiltration, "data_exfiltration", "bytes/s uploaded", new(Rate: 500_000, Duration: 900, Period: 0, Jitter: 0, Intensity: 1, Ramp: 30)),
    ];

    private static readonly FrozenDictionary<string, AnomalyDescriptor> ByName =
        All.ToFrozenDictionary(d => d.Name, StringComparer.Ordinal);

    public static AnomalyDescriptor Describe(AnomalyClass anomaly) => All[(int)anomaly];

    public static bool TryFind(string name, out AnomalyDescriptor descriptor) => ByName.TryGetValue(name, out descriptor!);
}
