using DigitalTwin.Behaviour.CommandLine;
using DigitalTwin.Behaviour.Packets;
using DigitalTwin.Behaviour.Wire;
using DigitalTwin.NetworkProbe.Devices;
using DigitalTwin.NetworkProbe.Labels;
using DigitalTwin.NetworkProbe.Output;

namespace DigitalTwin.NetworkProbe.Verbs;

/// <summary>The options both verbs share: which hosts are devices, the window, and where the windows go.</summary>
internal sealed class ProbeSettings
{
    public const int DefaultConnections = 8;
    public const int DefaultBuffer = 100_000;

    private static readonly TrafficObserverOptions ObserverDefaults = new();

    public static IReadOnlyList<string> ValueOptions { get; } =
        ["--devices", "--map", "--window-seconds", "--mqtt", "--connections", "--buffer", "--out", "--labels", "--max-flows",
         "--mqtt-ca-file", "--mqtt-cert", "--mqtt-key", "--mqtt-tls-server-name", "--mqtt-username", "--mqtt-password", "--mqtt-password-file"];

    public static IReadOnlyList<string> FlagOptions { get; } = ["--mqtt-tls"];

    /// <summary>The broker password: <c>--mqtt-password</c>, <c>--mqtt-password-file</c> or <c>DTN_MQTT_PASSWORD</c>.</summary>
    private static readonly SecretOption MqttPassword = new("--mqtt-password", "DTN_MQTT_PASSWORD");

    public required DeviceDirectory Devices { get; init; }

    public required TrafficObserverOptions Observer { get; init; }

    public MqttEndpoint? Mqtt { get; init; }

    /// <summary>TLS and credentials of the connections to <see cref="Mqtt"/>.</summary>
    public BrokerSecurity MqttSecurity { get; init; } = BrokerSecurity.None;

    public int Connections { get; init; } = DefaultConnections;

    public int Buffer { get; init; } = DefaultBuffer;

    public string? OutputPath { get; init; }

    public CaptureLabels? Labels { get; init; }

    public static ProbeSettings Read(VerbOptions options)
    {
        var subnets = (options.Text("--devices") ?? string.Empty)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(DeviceSubnet.Parse)
            .ToArray();
        var map = options.Text("--map") is { } mapPath ? DeviceMap.Load(mapPath, DeviceDirectory.NetworkHostType) : DeviceMap.Empty;
        if (subnets.Length == 0 && map.Count == 0)
        {
            throw new UsageException("say which hosts are devices: --devices 10.0.0.0/24[,fd00::/64] and/or --map hosts.csv");
        }

        var mqtt = options.Text("--mqtt") is { } endpoint ? MqttEndpoint.Parse(endpoint) : null;
        var output = options.Text("--out");
        if ((mqtt is null) == (output is null))
        {
            throw new UsageException("give exactly one output: --mqtt host:port (publish to the platform) or --out file.csv|file.parquet");
        }

        // The environment is asked for a password only with a username: a variable exported for another tool stays out of it.
        var username = options.Text("--mqtt-username");
        var password = MqttPassword.Read(options.Text("--mqtt-password"), options.Text("--mqtt-password-file"), username is null ? null : Environment.GetEnvironmentVariable);
        var security = BrokerSecurity.Read(
            options.Has("--mqtt-tls"), options.Text("--mqtt-ca-file"), options.Text("--mqtt-cert"), options.Text("--mqtt-key"), null,
            options.Text("--mqtt-tls-server-name"), username, password, "--mqtt-");
        if (mqtt is null && (security.UsesTls || security.Username is not null))
        {
            throw new UsageException("the --mqtt-* TLS and credential options are for --mqtt");
        }

        var labels = options.Text("--labels") is { } labelsPath ? CaptureLabels.Load(labelsPath) : null;
        if (labels is not null && output is null)
        {
            throw new UsageException("--labels labels a dataset: use it with --out");
        }

        return new ProbeSettings
        {
            Devices = new DeviceDirectory(subnets, map),
            Observer = new TrafficObserverOptions
            {
                Window = options.Integer("--window-seconds", 1, 3600) is { } seconds ? TimeSpan.FromSeconds(seconds) : ObserverDefaults.Window,
                MaxFlows = (int)options.Integer("--max-flows", 1_000, 50_000_000).GetValueOrDefault(ObserverDefaults.MaxFlows),
            },
            Mqtt = mqtt,
            MqttSecurity = security,
            Connections = (int)options.Integer("--connections", 1, 64).GetValueOrDefault(DefaultConnections),
            Buffer = (int)options.Integer("--buffer", 100, 10_000_000).GetValueOrDefault(DefaultBuffer),
            OutputPath = output,
            Labels = labels,
        };
    }
}
