using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using DigitalTwin.BenchHost;

namespace DigitalTwin.DirectoryQueries;

/// <summary>What the benchmark seeds, how it measures and where; read from the command line.</summary>
public sealed class DirectoryBenchOptions
{
    public const string HelpText = """
        Twin directory benchmark: seeds N twin directory rows in PostgreSQL with SQL, starts a silo on that
        database and times GET /api/v1/twins listings (filters, sorts, offset and keyset paging) over HTTP.

        Usage: dotnet bench/DirectoryQueries/bin/Release/net10.0/DigitalTwin.DirectoryQueries.dll [options]

          --twins <n>              directory rows to seed (tombstones included)     (default 100000)
          --requests <n>           measured requests per scenario                  (default 300)
          --warmup <n>             unmeasured requests before each scenario         (default 30)
          --concurrency <n>        requests in flight at once                       (default 1)
          --sql-runs <n>           EXPLAIN ANALYZE runs per scenario; 0 skips them  (default 20)
          --plan-above <ms>        print the plans of scenarios whose HTTP p99 is
                                   above this                                       (default 50)
          --postgres <conn>        use this database instead of a throwaway PostgreSQL 15;
                                   its twin directory must be empty (nothing is deleted)
          --silo <path>            DigitalTwin.Silo.dll to start
                                   (default src/Silo/bin/Release/net10.0 of this repository)
          --http-port <port>       HTTP API port of the started silo               (default 5610)
          --mqtt-port <port>       broker port of the started silo                 (default 18840)
          --silo-port <port>       Orleans silo-to-silo port                       (default 21121)
          --gateway-port <port>    Orleans gateway port                            (default 40010)
          --silo-arg <arg>         extra configuration for the silo, repeatable
          --help                   this text

        Exit code: 0 clean run; 1 the run could not complete; 2 bad options;
        3 completed, but some request failed or a listing was inconsistent; 130 cancelled.
        """;

    private readonly List<string> _siloArguments = [];

    public int Twins { get; private set; } = 100_000;

    public int Requests { get; private set; } = 300;

    public int Warmup { get; private set; } = 30;

    public int Concurrency { get; private set; } = 1;

    public int SqlRuns { get; private set; } = 20;

    /// <summary>HTTP p99 in milliseconds above which the report shows the scenario's query plans.</summary>
    public int PlanAboveMilliseconds { get; private set; } = 50;

    /// <summary>Connection string of an existing database; null starts a throwaway PostgreSQL.</summary>
    public string? Postgres { get; private set; }

    public string? SiloPath { get; private set; }

    /// <summary>Extra command-line configuration passed to the silo after the bench's own, so it can override them.</summary>
    public IReadOnlyList<string> SiloArguments => _siloArguments;

    public int HttpPort { get; private set; } = 5610;

    public int MqttPort { get; private set; } = 18840;

    public int SiloPort { get; private set; } = 21121;

    public int GatewayPort { get; private set; } = 40010;

    /// <summary>
    /// Reads <c>--name value</c> or <c>--name=value</c> pairs. Returns false with a null
    /// <paramref name="problem"/> when help was asked for, with a message when the arguments are wrong.
    /// </summary>
    public static bool TryParse(string[] args, [NotNullWhen(true)] out DirectoryBenchOptions? options, out string? problem)
    {
        options = null;
        var parsed = new DirectoryBenchOptions();
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
                // The seed derives its pseudo-random columns from hashint4(row * 16 + k), which must not overflow.
                return BenchArguments.ReadInt(name, value, 1, 10_000_000, v => Twins = v);
            case "--requests":
                return BenchArguments.ReadInt(name, value, 1, 1_000_000, v => Requests = v);
            case "--warmup":
                return BenchArguments.ReadInt(name, value, 0, 1_000_000, v => Warmup = v);
            case "--concurrency":
                return BenchArguments.ReadInt(name, value, 1, 256, v => Concurrency = v);
            case "--sql-runs":
                return BenchArguments.ReadInt(name, value, 0, 10_000, v => SqlRuns = v);
            case "--plan-above":
                return BenchArguments.ReadInt(name, value, 0, 3_600_000, v => PlanAboveMilliseconds = v);
            case "--postgres":
                Postgres = value;
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

        if (BenchArguments.CheckSilo(SiloPath) is { } missing)
        {
            return missing;
        }

        return null;
    }
}
