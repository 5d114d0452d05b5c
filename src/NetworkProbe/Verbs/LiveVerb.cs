using DigitalTwin.Behaviour.CommandLine;

namespace DigitalTwin.NetworkProbe.Verbs;

/// <summary>The <c>live</c> verb: captures from an interface until stopped (Ctrl+C or SIGTERM), cutting windows on the clock.</summary>
internal static class LiveVerb
{
    public const string Name = "live";

    public const string Usage = """
        Usage: network-probe live --interface <name> [--filter <bpf>] --devices <subnets> [--map hosts.csv]
                                  (--mqtt host:port | --out file.csv|file.parquet) [--window-seconds 10]
                                  [--connections 8] [--buffer 100000] [--max-flows 262144]
                                  [--mqtt-tls | --mqtt-ca-file ca.pem] [--mqtt-cert c.pem --mqtt-key c.key]
                                  [--mqtt-tls-server-name name]
                                  [--mqtt-username u (--mqtt-password-file f | --mqtt-password p)]
        The password may also come from $DTN_MQTT_PASSWORD (with --mqtt-username), out of the process list.
        Needs CAP_NET_RAW and CAP_NET_ADMIN (or root).
        """;

    public static Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (args.Count > 0 && args[0] is "--help" or "-h")
        {
            output.WriteLine(Usage);
            return Task.FromResult(ProbeRun.Ok);
        }

        ProbeSettings settings;
        string interfaceName;
        string? filter;
        try
        {
            var options = VerbOptions.Parse(args, [.. ProbeSettings.ValueOptions, "--interface", "--filter"], ProbeSettings.FlagOptions);
            interfaceName = options.RequiredText("--interface");
            filter = options.Text("--filter");
            settings = ProbeSettings.Read(options);
        }
        catch (UsageException ex)
        {
            error.WriteLine($"network-probe: {ex.Message}");
            return Task.FromResult(ProbeRun.UsageError);
        }

        return ProbeRun.RunAsync(settings, interfaceName, live: true,
            (reader, observer, token) => reader.ReadLive(interfaceName, filter, observer, TimeProvider.System, error, token), output, error, cancellationToken);
    }
}
