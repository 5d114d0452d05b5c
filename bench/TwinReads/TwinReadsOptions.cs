using System.Diagnostics.CodeAnalysis;
using DigitalTwin.BenchHost;

namespace DigitalTwin.TwinReads;

/// <summary>How many twins, how wrk loads them and which silo; read from the command line.</summary>
public sealed class TwinReadsOptions
{
    public const string HelpText = """
        Twin read benchmark: starts a silo, creates N twins over the API, gives each 10 reported fields with one
        MQTT publish on device/{id}/state, waits until every twin shows them, then loads GET /api/v1/twins/{id}
        with wrk (a random twin per request) and prints req/s, latency percentiles, errors, CPU and memory.

        Usage: dotnet bench/TwinReads/bin/Release/net10.0/DigitalTwin.TwinReads.dll [options]

          --twins <n>              twins to create and read                        (default 10000)
          --threads <n>            wrk threads (-t)                                 (default 2)
          --connections <n>        wrk connections (-c)                             (default 64)
          --duration <s>           wrk measurement, seconds (-d)                    (default 30)
          --warmup <s>             unmeasured wrk run before it, seconds; 0 skips   (default 5)
          --postgres <conn|auto>   PostgreSQL mode: this database (empty, nothing is
                                   deleted), or auto for a throwaway PostgreSQL 15  (default: in memory)
          --wrk <path>             wrk executable                                   (default /usr/bin/wrk)
          --silo <path>            DigitalTwin.Silo.dll to start
                                   (default src/Silo/bin/Release/net10.0 of this repository)
          --http-port <port>       HTTP API port of the started silo               (default 5630)
          --mqtt-port <port>       broker port of the started silo                 (default 18860)
          --silo-port <port>       Orleans silo-to-silo port                       (default 21141)
          --gateway-port <port>    Orleans gateway port                            (default 40030)
          --silo-arg <arg>         extra configuration for the silo, repeatable
          --help                   this text

        Exit code: 0 clean run; 1 the run could not complete; 2 bad options;
        3 completed, but some request failed (non-2xx, socket errors) or the silo logged errors; 130 cancelled.
        """;

    /// <summary>The value of <c>--postgres</c> that starts a throwaway PostgreSQL.</summary>
    public const string ThrowawayPostgres = "auto";

    private readonly List<string> _siloArguments = [];

    public int Twins { get; private set; } = 10_000;

    public int Threads { get; private set; } = 2;

    public int Connections { get; private set; } = 64;

    public TimeSpan Duration { get; private set; } = TimeSpan.FromSeconds(30);

    public TimeSpan Warmup { get; private set; } = TimeSpan.FromSeconds(5);

    /// <summary>Null: in-memory storage; <see cref="ThrowawayPostgres"/> or a connection string: PostgreSQL mode.</summary>
    public string? Postgres { get; private set; }

    public string WrkPath { get; private set; } = "/usr/bin/wrk";

    public string? SiloPath { get; private set; }

    /// <summary>Extra command-line configuration passed to the silo after the bench's own, so it can override them.</summary>
    public IReadOnlyList<string> SiloArguments => _siloArguments;

    public int HttpPort { get; private set; } = 5630;

    public int MqttPort { get; private set; } = 18860;

    public int SiloPort { get; private set; } = 21141;

    public int GatewayPort { get; private set; } = 40030;

    public static bool TryParse(string[] args, [NotNullWhen(true)] out TwinReadsOptions? options, out string? problem)
    {
        options = null;
        var parsed = new TwinReadsOptions();
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
            case "--twins":
                // The wrk script pads ids to five digits; past 99,999 they only grow longer, which it handles.
                return BenchArguments.ReadInt(name, value, 1, 1_000_000, v => Twins = v);
            case "--threads":
                return BenchArguments.ReadInt(name, value, 1, 64, v => Threads = v);
            case "--connections":
                return BenchArguments.ReadInt(name, value, 1, 10_000, v => Connections = v);
            case "--duration":
                return BenchArguments.ReadInt(name, value, 1, 3600, v => Duration = TimeSpan.FromSeconds(v));
            case "--warmup":
                return BenchArguments.ReadInt(name, value, 0, 3600, v => Warmup = TimeSpan.FromSeconds(v));
            case "--postgres":
                Postgres = value;
                return null;
            case "--wrk":
                WrkPath = value;
                return null;
            case "--silo":
                SiloPath = Path.GetFullPath(value);
                return null;
            case "--silo-arg":
                _siloArguments.Add(value);
                return null;
            case "--http-port":
                return BenchArguments.ReadInt(name, value, 1, 65535, v => HttpPort = v);
            case "--mqtt-port":
                return BenchArguments.ReadInt(name, value, 1, 65535, v => MqttPort = v);
            case "--silo-port":
                return BenchArguments.ReadInt(name, value, 1, 65535, v => SiloPort = v);
            case "--gateway-port":
                return BenchArguments.ReadInt(name, value, 1, 65535, v => GatewayPort = v);
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

        if (Connections < Threads)
        {
            return "--connections must be at least --threads (wrk gives each thread its share of the connections).";
        }

        if (!File.Exists(WrkPath))
        {
            return $"wrk not found at {WrkPath}: apt-get install -y wrk, or pass --wrk <path>.";
        }

        return BenchArguments.CheckSilo(SiloPath);
    }
}
