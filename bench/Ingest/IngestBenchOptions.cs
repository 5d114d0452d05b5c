using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Npgsql;
using DigitalTwin.BenchHost;

namespace DigitalTwin.Ingest;

/// <summary>What the benchmark drives and where; read from the command line.</summary>
public sealed class IngestBenchOptions
{
    public const string HelpText = """
        Ingest benchmark: starts a silo (embedded MQTT broker), connects N devices that publish QoS 1
        telemetry, and prints accepted messages/s and publish latencies. With several storage modes it
        runs the same load once per mode, a fresh silo each time, and ends with a side-by-side comparison.

        Usage: dotnet bench/Ingest/bin/Release/net10.0/DigitalTwin.Ingest.dll [options]

          --devices <n>            device connections, one MQTT client each        (default 1000)
          --duration <s>           measured window in seconds                      (default 60)
          --warmup <s>             load before the window, not measured            (default 10)
          --rate-per-device <r>    messages/s per device; 0 = as fast as each
                                   device's QoS 1 round trip allows                (default 0)
          --update-qos <0|1>       QoS of the twin/+/update subscription           (default 1)
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
          --help                   this text

        Exit code: 0 clean run; 1 the run could not complete; 2 bad options;
        3 completed, but with errors or missing twin updates; 130 cancelled.
        """;

    private readonly List<string> _siloArguments = [];

    public int Devices { get; private set; } = 1000;

    public TimeSpan Duration { get; private set; } = TimeSpan.FromSeconds(60);

    public TimeSpan Warmup { get; private set; } = TimeSpan.FromSeconds(10);

    /// <summary>Messages per second per device; 0 means closed loop (next message after the previous PUBACK).</summary>
    public double RatePerDevice { get; private set; }

    /// <summary>QoS the update subscriber asks for; 0 takes the subscriber's acknowledgements out of the update path.</summary>
    public int UpdateQos { get; private set; } = 1;

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

    /// <summary>
    /// Reads <c>--name value</c> or <c>--name=value</c> pairs. Returns false with a null
    /// <paramref name="problem"/> when help was asked for, with a message when the arguments are wrong.
    /// </summary>
    public static bool TryParse(string[] args, [NotNullWhen(true)] out IngestBenchOptions? options, out string? problem)
    {
        options = null;
        var parsed = new IngestBenchOptions();
        if (!BenchArguments.TryRead(args, parsed.Set, out problem))
        {
            return false;
        }

        parsed.SiloPath ??= BenchArguments.FindSiloInRepository();
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
            case "--update-qos":
                return BenchArguments.ReadInt(name, value, 0, 1, v => UpdateQos = v);
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
                return ReadStorage(name, value);
            case "--postgres":
                return ReadConnectionString(name, value);
            default:
                return $"Unknown option '{name}'.";
        }
    }

    private string? Validate()
    {
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

    private string? ReadStorage(string name, string value)
    {
        var modes = new List<StorageMode>();
        foreach (var item in value.Split(',', StringSplitOptions.TrimEntries))
        {
            StorageMode? mode = item.ToLowerInvariant() switch
            {
                "memory" => StorageMode.Memory,
                "postgres" => StorageMode.Postgres,
                _ => null,
            };
            if (mode is null)
            {
                return $"{name} takes memory and/or postgres, comma-separated (e.g. memory,postgres), got '{item}' in '{value}'.";
            }

            if (modes.Contains(mode.Value))
            {
                return $"{name} names {item} twice in '{value}'; each mode runs once per invocation.";
            }

            modes.Add(mode.Value);
        }

        Storage = modes;
        return null;
    }

    private string? ReadConnectionString(string name, string value)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(value);
            if (string.IsNullOrWhiteSpace(builder.Host))
            {
                return $"{name} must name a host (Host=...), e.g. Host=127.0.0.1;Port=5432;Username=postgres;Database=dtn.";
            }
        }
        catch (ArgumentException ex)
        {
            // The message names the bad keyword; the value itself may hold a password, so it is not repeated.
            return $"{name} is not a valid Npgsql connection string: {ex.Message}";
        }

        PostgresConnectionString = value;
        return null;
    }

    private static string? ReadSeconds(string name, string value, int min, Action<TimeSpan> assign) =>
        BenchArguments.ReadInt(name, value, min, 24 * 3600, seconds => assign(TimeSpan.FromSeconds(seconds)));
}
