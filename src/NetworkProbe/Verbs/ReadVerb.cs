using DigitalTwin.Behaviour.CommandLine;

namespace DigitalTwin.NetworkProbe.Verbs;

/// <summary>The <c>read</c> verb: a capture file (pcap or pcapng), as fast as the machine allows.</summary>
internal static class ReadVerb
{
    public const string Name = "read";

    public const string Usage = """
        Usage: network-probe read <capture.pcap|.pcapng> --devices <subnets> [--map hosts.csv]
                                  (--mqtt host:port | --out file.csv|file.parquet [--labels labels.csv])
                                  [--window-seconds 10] [--connections 8] [--buffer 100000] [--max-flows 262144]
                                  [--mqtt-tls | --mqtt-ca-file ca.pem] [--mqtt-cert c.pem --mqtt-key c.key]
                                  [--mqtt-tls-server-name name]
                                  [--mqtt-username u (--mqtt-password-file f | --mqtt-password p)]
        The password may also come from $DTN_MQTT_PASSWORD (with --mqtt-username), out of the process list.
        """;

    public static Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (args.Count == 0 || args[0] is "--help" or "-h")
        {
            output.WriteLine(Usage);
            return Task.FromResult(args.Count == 0 ? ProbeRun.UsageError : ProbeRun.Ok);
        }

        var path = args[0];
        ProbeSettings settings;
        try
        {
            settings = ProbeSettings.Read(VerbOptions.Parse(args.Skip(1).ToArray(), ProbeSettings.ValueOptions, ProbeSettings.FlagOptions));
        }
        catch (UsageException ex)
        {
            error.WriteLine($"network-probe: {ex.Message}");
            return Task.FromResult(ProbeRun.UsageError);
        }

        return ProbeRun.RunAsync(settings, Path.GetFileNameWithoutExtension(path), live: false,
            (reader, observer, token) => reader.ReadFile(path, observer, token), output, error, cancellationToken);
    }
}
