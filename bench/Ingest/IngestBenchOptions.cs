using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using DigitalTwin.Behaviour.CommandLine;
using DigitalTwin.BenchHost;

namespace DigitalTwin.Ingest;

/// <summary>What the benchmark drives and where; read from the command line.</summary>
public sealed class IngestBenchOptions
{
    public const string HelpText = """
        Ingest benchmark: starts a silo (embedded MQTT broker), connects N devices that publish QoS 1
        telemetry, and prints accepted messages/s, publish latencies and CPU per message. With several
        storage modes it runs the same load once per mode, a fresh silo each time, and ends with a
        side-by-side comparison. --compare-mosquitto adds a run against Mosquitto with the same load and
        prints the ratios; --broker measures any broker instead of a silo.

        Usage: dotnet bench/Ingest/bin/Release/net10.0/DigitalTwin.Ingest.dll [options]

          --devices <n>            device connections, one MQTT client each        (default 1000)
          --duration <s>           measured window in seconds                      (default 60)
          --warmup <s>             load before the window, not measured            (default 10)
          --rate-per-device <r>    messages/s per device; 0 = as fast as each
                                   device's QoS 1 round trip allows                (default 0)
          --in-flight <n>          QoS 1 messages each device keeps in flight at
                                   most (its window; fewer when the broker's
                                   Receive Maximum says so)           (default 8 closed loop, 64 at a rate)
          --mqtt-version <v>       5 or 3.1.1                                      (default 5)
          --update-qos <0|1>       QoS of the twin/+/update subscription           (default 1)
          --updates-via <path>     how the one consumer of every update gets them:
                                   mqtt (twin/+/update), feed (SSE /api/v1/events,
                                   one event per update) or batches (SSE
                                   /api/v1/events/batches)                        (default mqtt)
          --compare-mosquitto      after the silo runs, start Mosquitto on a free
                                   port, run the same load against it and print
                                   silo / Mosquitto ratios (a flag: no value)
          --mosquitto <path>       the mosquitto binary                            (default mosquitto on PATH)
          --broker <host:port>     measure this broker instead: no silo is
                                   started, no twin updates are expected
          --broker-pid <pid>       the --broker's process on this machine, so its
                                   CPU per message is reported
          --silo <path>            DigitalTwin.Silo.dll to start
                                   (default src/Silo/bin/Release/net10.0 of this repository)
          --mqtt-port <port>       broker port of the started silo                 (default 18830)
          --http-port <port>       HTTP API port of the started silo               (default 5600)
          --silo-port <port>       Orleans silo-to-silo port                       (default 21111)
          --gateway-port <port>    Orleans gateway port                            (default 40000)
          --silo-arg <arg>         extra configuration for the silo, repeatable,
                                   e.g. --silo-arg=--Mqtt:MaxPendingMessagesPerClient=100000
          --storage <modes>        storage modes to measure, comma-separated, run
                                   in the order given: memory and/or postgres      (default memory)
          --postgres <conn>        Npgsql connection string the postgres run uses
                                   as it is (best an empty database: twins left
                                   by an earlier run replay their log). Without
                                   it the bench starts a throwaway PostgreSQL 15
                                   from /usr/lib/postgresql/15/bin and creates a
                                   fresh database for the run.
          --transport <list>       plain, tls and/or secure, comma-separated, run in
                                   the order given with the same load: tls gives the
                                   started silo a throwaway CA and certificate,
                                   closes its plain port, and the devices connect
                                   over TLS trusting only that CA; secure is tls
                                   with broker authentication and the topic ACL on
                                   (Mqtt:Auth:Enabled), each device connecting with
                                   its own secret, issued through the API before the
                                   run (needs --updates-via sse or batches)
                                                                    (default plain)
          --ca-file <pem>          with --broker and --transport tls: the CA bundle
                                   the broker's certificate must chain to
          --cert <pem>, --key <pem>  with --broker: a client certificate and key
                                   every device presents (mutual TLS)
          --tls-server-name <name> with --broker: the name the broker's certificate
                                   must carry                       (default: the host)
          --username <u>, --password <p>  credentials every device and the
                                   update listener send in CONNECT; the password
                                   shows in the process list: prefer
                                   --password-file <file> or $DTN_MQTT_PASSWORD
          --help                   this text

        Exit code: 0 clean run; 1 the run could not complete; 2 bad options;
        3 completed, but with errors or missing twin updates; 130 cancelled.
        """;

    private const string CompareMosquittoFlag = "--compare-mosquitto";

    /// <summary>The shared MQTT password: <c>--password</c>, <c>--password-file</c> or <c>DTN_MQTT_PASSWORD</c>.</summary>
    private static readonly SecretOption PasswordOption = new("--password", "DTN_MQTT_PASSWORD");

    private readonly List<string> _siloArguments = [];
    private bool _storageGiven;
    private int? _inFlight;
    private string? _passwordFile;

    public int Devices { get; private set; } = 1000;

    public TimeSpan Duration { get; private set; } = TimeSpan.FromSeconds(60);

    public TimeSpan Warmup { get; private set; } = TimeSpan.FromSeconds(10);

    /// <summary>Messages per second per device; 0 means closed loop (next message after the previous PUBACK).</summary>
    public double RatePerDevice { get; private set; }

    /// <summary>QoS 1 messages each device keeps in flight at most: 8 in a closed loop and 64 at a fixed rate unless given.</summary>
    public int InFlight => _inFlight ?? (RatePerDevice > 0 ? 64 : 8);

    public Mqtt.MqttProtocol Protocol { get; private set; } = Mqtt.MqttProtocol.V500;

    /// <summary>Run the same load against a Mosquitto started by the bench after the silo runs, and print the ratios.</summary>
    public bool CompareMosquitto { get; private set; }

    public string MosquittoPath { get; private set; } = "mosquitto";

    /// <summary><c>host:port</c> of a broker to measure instead of a silo; null to start silos.</summary>
    public string? Broker { get; private set; }

    public System.Net.EndPoint? BrokerEndpoint { get; private set; }

    /// <summary>The <see cref="Broker"/>'s process on this machine, for its CPU; null when not given.</summary>
    public int? BrokerProcessId { get; private set; }

    /// <summary>QoS the update subscriber asks for; 0 takes the subscriber's acknowledgements out of the update path.</summary>
    public int UpdateQos { get; private set; } = 1;

    /// <summary>How the bench's consumer of every twin update receives them.</summary>
    public UpdatePath UpdatesVia { get; private set; } = UpdatePath.Mqtt;

    /// <summary>Full path of the silo assembly; null when not given and not found in the repository.</summary>
    public string? SiloPath { get; private set; }

    /// <summary>Extra command-line configuration passed to the silo after the bench's own, so it can override them.</summary>
    public IReadOnlyList<string> SiloArguments => _siloArguments;

    public int MqttPort { get; private set; } = 18830;

    public int HttpPort { get; private set; } = 5600;

    public int SiloPort { get; private set; } = 21111;

    public int GatewayPort { get; private set; } = 40000;

    /// <summary>Storage modes to measure, in the order given; each gets its own silo and the same load.</summary>
    public IReadOnlyList<StorageMode> Storage { get; private set; } = [StorageMode.Memory];

    /// <summary>The server for the postgres run; null means a throwaway server started by the bench.</summary>
    public string? PostgresConnectionString { get; private set; }

    /// <summary>Transports to measure, in order: <c>plain</c> and/or <c>tls</c>.</summary>
    public IReadOnlyList<string> Transports { get; private set; } = ["plain"];

    public string? CaFile { get; private set; }

    public string? CertificateFile { get; private set; }

    public string? KeyFile { get; private set; }

    public string? TlsServerName { get; private set; }

    public string? Username { get; private set; }

    public string? Password { get; private set; }

    /// <summary>
    /// Reads <c>--name value</c> or <c>--name=value</c> pairs. Returns false with a null
    /// <paramref name="problem"/> when help was asked for, with a message when the arguments are wrong.
    /// </summary>
    public static bool TryParse(string[] args, [NotNullWhen(true)] out IngestBenchOptions? options, out string? problem) =>
        TryParse(args, Environment.GetEnvironmentVariable, out options, out problem);

    /// <summary>As <see cref="TryParse(string[], out IngestBenchOptions?, out string?)"/>, reading secrets not given from <paramref name="environment"/>.</summary>
    public static bool TryParse(string[] args, Func<string, string?> environment, [NotNullWhen(true)] out IngestBenchOptions? options, out string? problem)
    {
        options = null;
        var parsed = new IngestBenchOptions();

        // The one flag without a value; the shared reader takes every other option as a name and its value.
        parsed.CompareMosquitto = args.Contains(CompareMosquittoFlag, StringComparer.Ordinal);
        if (!BenchArguments.TryRead([.. args.Where(a => a != CompareMosquittoFlag)], parsed.Set, out problem))
        {
            return false;
        }

        // The environment is asked for a password only with a username: a variable exported for another tool stays out of it.
        try
        {
            parsed.Password = PasswordOption.Read(parsed.Password, parsed._passwordFile, parsed.Username is null ? null : environment);
        }
        catch (UsageException ex)
        {
            problem = ex.Message + ".";
            return false;
        }

        if (parsed.Broker is null)
        {
            parsed.SiloPath ??= BenchArguments.FindSiloInRepository();
        }

        problem = parsed.Validate();
        if (problem is not null)
        {
            return false;
        }

        options = parsed;
        return true;
    }

    private string? Set(string name, string value)
    {
        switch (name)
        {
            case "--devices":
                return BenchArguments.ReadInt(name, value, 1, 100_000, v => Devices = v);
            case "--duration":
                return ReadSeconds(name, value, 1, v => Duration = v);
            case "--warmup":
                return ReadSeconds(name, value, 0, v => Warmup = v);
            case "--rate-per-device":
                if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) || rate < 0 || rate > 1000)
                {
                    return $"{name} must be a number of messages/s from 0 to 1000, got '{value}'.";
                }

                RatePerDevice = rate;
                return null;
            case "--in-flight":
                return BenchArguments.ReadInt(name, value, 1, ushort.MaxValue, v => _inFlight = v);
            case "--mqtt-version":
                return ReadProtocol(name, value);
            case "--mosquitto":
                MosquittoPath = value;
                return null;
            case "--broker":
                return ReadBroker(name, value);
            case "--broker-pid":
                return BenchArguments.ReadInt(name, value, 1, int.MaxValue, v => BrokerProcessId = v);
            case "--update-qos":
                return BenchArguments.ReadInt(name, value, 0, 1, v => UpdateQos = v);
            case "--updates-via":
                if (!Enum.TryParse<UpdatePath>(value, ignoreCase: true, out var via) || !Enum.IsDefined(via))
                {
                    return $"{name} must be mqtt, feed or batches, got '{value}'.";
                }

                UpdatesVia = via;
                return null;
            case "--silo":
                SiloPath = Path.GetFullPath(value);
                return null;
            case "--silo-arg":
                _siloArguments.Add(value);
                return null;
            case "--mqtt-port":
                return BenchArguments.ReadInt(name, value, 1, 65535, v => MqttPort = v);
            case "--http-port":
                return BenchArguments.ReadInt(name, value, 1, 65535, v => HttpPort = v);
            case "--silo-port":
                return BenchArguments.ReadInt(name, value, 1, 65535, v => SiloPort = v);
            case "--gateway-port":
                return BenchArguments.ReadInt(name, value, 1, 65535, v => GatewayPort = v);
            case "--storage":
                _storageGiven = true;
                return ReadStorage(name, value);
            case "--postgres":
                return BenchArguments.ReadConnectionString(name, value, v => PostgresConnectionString = v);
            case "--transport":
                return ReadTransports(name, value);
            case "--ca-file":
                return ReadFile(name, value, v => CaFile = v);
            case "--cert":
                return ReadFile(name, value, v => CertificateFile = v);
            case "--key":
                return ReadFile(name, value, v => KeyFile = v);
            case "--tls-server-name":
                TlsServerName = value;
                return null;
            case "--username":
                Username = value;
                return null;
            case "--password":
                Password = value;
                return null;
            case "--password-file":
                _passwordFile = value;
                return null;
            default:
                return $"Unknown option '{name}'.";
        }
    }

    private string? Validate()
    {
        if (Password is not null && Username is null)
        {
            return "--password needs --username.";
        }

        if ((CertificateFile is null) != (KeyFile is null))
        {
            return "--cert and --key go together.";
        }

        if (Broker is not null)
        {
            if (Transports.Count > 1)
            {
                return "--transport names one transport for a --broker: the broker's own configuration decides what it offers.";
            }

            if (Transports.Contains("secure"))
            {
                return "--transport secure is for a silo the bench starts: it issues each device's secret through the silo's API.";
            }

            if (Transports.Contains("tls") && CaFile is null)
            {
                return "--transport tls with --broker needs --ca-file, the CA the broker's certificate chains to.";
            }

            return ValidateBroker();
        }

        if (Transports.Contains("secure") && UpdatesVia == UpdatePath.Mqtt)
        {
            return "--transport secure needs --updates-via sse or batches: with the topic ACL on, twin/+/update is for platform accounts only.";
        }

        if (CaFile is not null || CertificateFile is not null || TlsServerName is not null)
        {
            return "--ca-file, --cert, --key and --tls-server-name are for a --broker; a silo the bench starts gets a throwaway certificate.";
        }

        if (BrokerProcessId is not null)
        {
            return "--broker-pid names the process of a --broker; without --broker the bench starts the silo and reads its CPU itself.";
        }

        int[] ports = [MqttPort, HttpPort, SiloPort, GatewayPort];
        if (ports.Distinct().Count() != ports.Length)
        {
            return "--mqtt-port, --http-port, --silo-port and --gateway-port must all differ.";
        }

        if (PostgresConnectionString is not null && !Storage.Contains(StorageMode.Postgres))
        {
            return "--postgres names the server of the postgres run, but --storage does not include postgres.";
        }

        // The bench sets the connection string per run (a fresh database each); a second one would override it.
        if (_siloArguments.Any(a => a.Contains("Postgres:ConnectionString", StringComparison.OrdinalIgnoreCase)))
        {
            return "Do not pass Postgres:ConnectionString through --silo-arg; use --storage postgres, and --postgres <connection string> for a server of your own.";
        }

        if (BenchArguments.CheckSilo(SiloPath) is { } missing)
        {
            return missing;
        }

        return null;
    }

    private string? ValidateBroker()
    {
        string? clash = CompareMosquitto ? CompareMosquittoFlag
            : _storageGiven ? "--storage"
            : PostgresConnectionString is not null ? "--postgres"
            : _siloArguments.Count > 0 ? "--silo-arg"
            : SiloPath is not null ? "--silo"
            : null;
        return clash is null
            ? null
            : $"--broker measures a broker the bench does not start, so {clash} does not apply; leave out one or the other (to compare a silo with Mosquitto, use --compare-mosquitto without --broker).";
    }

    private string? ReadBroker(string name, string value)
    {
        var colon = value.LastIndexOf(':');
        var host = colon > 0 ? value[..colon].Trim('[', ']') : "";
        if (host.Length == 0 || !int.TryParse(value.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            return $"{name} takes host:port with a port from 1 to 65535 (e.g. 127.0.0.1:1883), got '{value}'.";
        }

        Broker = value;
        BrokerEndpoint = System.Net.IPAddress.TryParse(host, out var address)
            ? new System.Net.IPEndPoint(address, port)
            : new System.Net.DnsEndPoint(host, port);
        return null;
    }

    private string? ReadProtocol(string name, string value)
    {
        Mqtt.MqttProtocol? protocol = value switch
        {
            "5" or "5.0" => Mqtt.MqttProtocol.V500,
            "3.1.1" => Mqtt.MqttProtocol.V311,
            _ => null,
        };
        if (protocol is null)
        {
            return $"{name} takes 5 or 3.1.1, got '{value}'.";
        }

        Protocol = protocol.Value;
        return null;
    }

    private string? ReadStorage(string name, string value)
    {
        var modes = new List<StorageMode>();
        foreach (var item in value.Split(',', StringSplitOptions.TrimEntries))
        {
            var mode = StorageMode.Memory;
            var problem = BenchArguments.ReadStorageMode(name, item, read => mode = read);
            if (problem is not null)
            {
                return $"{problem} Several are comma-separated (e.g. memory,postgres).";
            }

            if (modes.Contains(mode))
            {
                return $"{name} names {item} twice in '{value}'; each mode runs once per invocation.";
            }

            modes.Add(mode);
        }

        Storage = modes;
        return null;
    }

    private string? ReadTransports(string name, string value)
    {
        var transports = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(t => t.ToLowerInvariant()).ToList();
        if (transports.Count == 0 || transports.Any(t => t is not ("plain" or "tls" or "secure")) || transports.Distinct().Count() != transports.Count)
        {
            return $"{name} must be plain, tls and/or secure, comma-separated (plain,tls,secure), each once; got '{value}'.";
        }

        Transports = transports;
        return null;
    }

    private static string? ReadFile(string name, string value, Action<string> assign)
    {
        if (!File.Exists(value))
        {
            return $"{name}: no file '{value}'.";
        }

        assign(Path.GetFullPath(value));
        return null;
    }

    private static string? ReadSeconds(string name, string value, int min, Action<TimeSpan> assign) =>
        BenchArguments.ReadInt(name, value, min, 24 * 3600, seconds => assign(TimeSpan.FromSeconds(seconds)));
}
