using System.Collections.Frozen;

namespace DigitalTwin.DeviceSimulator.Traffic;

/// <summary>
/// Each anomaly class's name in scenario files and datasets, what its rate means, its typical parameters, its
/// variants and the ranges its standard and low-and-slow episodes are drawn from. docs/dataset.md explains how each
/// is generated and tabulates the bands.
/// </summary>
internal static class AnomalyCatalog
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

    /// <summary>Written as the timing of a port scan whose rule gives its rate rather than a template.</summary>
    public const string CustomTiming = "custom";

    private static readonly KeyValuePair<string, string[]>[] NoVariants = [];

    public static IReadOnlyList<AnomalyDescriptor> All { get; } =
    [
        new(AnomalyClass.TrafficSpike, "traffic_spike", "packets/s during each burst",
            new(Rate: 1_500, Duration: 600, Period: 0, Jitter: 0, Intensity: 1, Ramp: 60), MaxRate: 100_000, NoVariants,
            Standard: Band(ParameterRange.LogUniform(800, 3_000), new(300, 1_200)),
            LowAndSlow: Band(ParameterRange.LogUniform(150, 600), new(600, 1_800))),
        new(AnomalyClass.ProtocolMix, "protocol_mix", "ICMP packets/s (GRE at half that)",
            new(Rate: 40, Duration: 1_800, Period: 0, Jitter: 0, Intensity: 1, Ramp: 60), MaxRate: 100_000, NoVariants,
            Standard: Band(ParameterRange.LogUniform(20, 80), new(1_200, 3_600)),
            LowAndSlow: Band(ParameterRange.LogUniform(1, 8), new(1_800, 7_200))),
        new(AnomalyClass.BruteForce, "brute_force", "login attempts/s",
            new(Rate: 2, Duration: 1_200, Period: 0, Jitter: 0, Intensity: 1, Ramp: 30, Variants: [new(AnomalyVariants.Protocol, "tls")]), MaxRate: 1_000,
            Variants(Choice(AnomalyVariants.Protocol, "ssh", "http", "mqtt", "tls")),
            Standard: Band(ParameterRange.LogUniform(0.5, 30), new(600, 2_400), variants: Choice(AnomalyVariants.Protocol, "ssh", "http", "mqtt", "tls")),
            LowAndSlow: Band(ParameterRange.LogUniform(1 / 60.0, 0.5), new(1_800, 7_200), variants: Choice(AnomalyVariants.Protocol, "ssh", "http", "mqtt", "tls"))),
        new(AnomalyClass.PayloadTunnelling, "payload_tunnelling", "tunnel packets/s",
            new(Rate: 30, Duration: 1_800, Period: 0, Jitter: 0, Intensity: 1, Ramp: 60), MaxRate: 100_000, NoVariants,
            Standard: Band(ParameterRange.LogUniform(15, 60), new(1_200, 3_600)),
            LowAndSlow: Band(ParameterRange.LogUniform(2, 12), new(1_800, 7_200))),
        new(AnomalyClass.TimingAnomaly, "timing_anomaly", "sessions per burst",
            new(Rate: 8, Duration: 1_800, Period: 60, Jitter: 1, Intensity: 1, Ramp: 60), MaxRate: 1_000, NoVariants,
            Standard: Band(new(5, 15), new(1_200, 3_600), ParameterRange.LogUniform(30, 120), ParameterRange.Fixed(1)),
            LowAndSlow: Band(new(2, 5), new(3_600, 10_800), ParameterRange.LogUniform(120, 600), ParameterRange.Fixed(1))),
        new(AnomalyClass.ConnectionFlood, "connection_flood", "connection attempts/s",
            new(Rate: 150, Duration: 300, Period: 0, Jitter: 0, Intensity: 1, Ramp: 20, Variants: [new(AnomalyVariants.Answered, "false")]), MaxRate: 100_000,
            Variants(Choice(AnomalyVariants.Answered, "false", "true")),
            Standard: Band(ParameterRange.LogUniform(200, 2_000), new(120, 600), variants: Choice(AnomalyVariants.Answered, "false", "true")),
            LowAndSlow: Band(ParameterRange.LogUniform(20, 200), new(300, 1_200), variants: Choice(AnomalyVariants.Answered, "false", "true"))),
        new(AnomalyClass.Beacon, "beacon", "unused (the period sets the pace)",
            new(Rate: 0, Duration: 7_200, Period: 45, Jitter: 0.2, Intensity: 1, Ramp: 120, Variants: [new(AnomalyVariants.Protocol, "https")]), MaxRate: 1_000,
            Variants(Choice(AnomalyVariants.Protocol, "https", "http", "dns")),
            Standard: Band(ParameterRange.Fixed(0), new(3_600, 21_600), ParameterRange.LogUniform(30, 300), new(0, 0.3), Choice(AnomalyVariants.Protocol, "https", "http", "dns")),
            LowAndSlow: Band(ParameterRange.Fixed(0), new(21_600, 86_400), ParameterRange.LogUniform(300, 3_600), new(0.1, 0.5), Choice(AnomalyVariants.Protocol, "https", "http", "dns"))),
        new(AnomalyClass.PortScan, "port_scan", "probes/s (set by the nmap timing template unless the rule gives a rate)",
            new(Rate: ScanTimings["T4"], Duration: 300, Period: 0, Jitter: 0, Intensity: 1, Ramp: 10, Variants: [new(AnomalyVariants.Timing, "T4"), new(AnomalyVariants.Targets, "subnet")]), MaxRate: 10_000,
            Variants(Choice(AnomalyVariants.Timing, "T0", "T1", "T2", "T3", "T4", "T5"), Choice(AnomalyVariants.Targets, "host", "subnet", "sweep")),
            Standard: Band(ParameterRange.LogUniform(ScanTimings["T3"], ScanTimings["T5"]), new(120, 900),
                variants: [.. Choice(AnomalyVariants.Timing, "T3", "T4", "T5"), .. Choice(AnomalyVariants.Targets, "host", "subnet", "sweep")]),
            LowAndSlow: Band(ParameterRange.LogUniform(ScanTimings["T0"], ScanTimings["T2"]), new(1_800, 14_400),
                variants: [.. Choice(AnomalyVariants.Timing, "T0", "T1", "T2"), .. Choice(AnomalyVariants.Targets, "host", "subnet", "sweep")])),
        new(AnomalyClass.DnsTunnelling, "dns_tunnelling", "queries/s",
            new(Rate: 4, Duration: 1_800, Period: 0, Jitter: 0, Intensity: 1, Ramp: 60, Variants: [new(AnomalyVariants.Labels, "long"), new(AnomalyVariants.Record, "txt")]), MaxRate: 1_000,
            Variants(Choice(AnomalyVariants.Labels, "long", "short"), Choice(AnomalyVariants.Record, "txt", "null", "cname", "a", "aaaa")),
            Standard: Band(ParameterRange.LogUniform(1, 5), new(1_200, 3_600),
                variants: [.. Choice(AnomalyVariants.Labels, "long", "short"), .. Choice(AnomalyVariants.Record, "txt", "null", "cname")]),
            LowAndSlow: Band(ParameterRange.LogUniform(0.1, 1), new(3_600, 14_400),
                variants: [.. Choice(AnomalyVariants.Labels, "long", "short"), .. Choice(AnomalyVariants.Record, "txt", "cname", "a", "aaaa")])),
        new(AnomalyClass.DataExfiltration, "data_exfiltration", "bytes/s uploaded",
            new(Rate: 500_000, Duration: 900, Period: 300, Jitter: 0, Intensity: 1, Ramp: 30, Variants: [new(AnomalyVariants.Destination, "address"), new(AnomalyVariants.Pacing, "stream")]), MaxRate: 1e9,
            Variants(Choice(AnomalyVariants.Destination, "address", "cloud_storage"), Choice(AnomalyVariants.Pacing, "stream", "chunked")),
            Standard: Band(ParameterRange.LogUniform(200_000, 5_000_000), new(300, 1_800), ParameterRange.LogUniform(60, 600),
                variants: [.. Choice(AnomalyVariants.Destination, "address", "cloud_storage"), .. Choice(AnomalyVariants.Pacing, "stream", "chunked")]),
            LowAndSlow: Band(ParameterRange.LogUniform(5_000, 100_000), new(1_800, 14_400), ParameterRange.LogUniform(300, 1_800),
                variants: [.. Choice(AnomalyVariants.Destination, "address", "cloud_storage"), .. Choice(AnomalyVariants.Pacing, "stream", "chunked")])),
    ];

    /// <summary>Band names in scenario files and the ground truth; <see cref="Mixed"/> draws one of them per episode.</summary>
    public const string Standard = "standard", LowAndSlow = "low_and_slow", Mixed = "mixed";

    private static readonly FrozenDictionary<string, AnomalyDescriptor> ByName =
        All.ToFrozenDictionary(d => d.Name, StringComparer.Ordinal);

    public static AnomalyDescriptor Describe(AnomalyClass anomaly) => All[(int)anomaly];

    public static bool TryFind(string name, out AnomalyDescriptor descriptor) => ByName.TryGetValue(name, out descriptor!);

    public static string NameOf(AnomalyBand band) => band == AnomalyBand.LowAndSlow ? LowAndSlow : Standard;

    private static AnomalyBandProfile Band(
        ParameterRange rate, ParameterRange duration, ParameterRange? period = null, ParameterRange? jitter = null, KeyValuePair<string, string[]>[]? variants = null) =>
        new(rate, duration, period ?? ParameterRange.Fixed(0), jitter ?? ParameterRange.Fixed(0), variants ?? []);

    private static KeyValuePair<string, string[]>[] Choice(string name, params string[] values) => [new(name, values)];

    private static KeyValuePair<string, string[]>[] Variants(params KeyValuePair<string, string[]>[][] choices) => [.. choices.SelectMany(c => c)];
}
