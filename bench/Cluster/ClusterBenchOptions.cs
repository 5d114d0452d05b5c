using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using DigitalTwin.BenchHost;

namespace DigitalTwin.Cluster;

/// <summary>Which cluster sizes, how many devices, how long, and which silo; read from the command line.</summary>
public sealed class ClusterBenchOptions
{
    public const string HelpText = """
        Cluster scale benchmark: for each cluster size, starts that many silos on a fresh PostgreSQL database (one
        cluster), connects the devices round-robin to their brokers, and has each device publish telemetry at QoS 1,
        one message in flight (closed loop). Prints per size: messages acknowledged per second, PUBACK latency
        percentiles, CPU per message (all silos, and PostgreSQL), the silos' resident memory, and the live managed memory
        per device (connection, session and twin: a full GC forced in each silo through its diagnostics port, before the
        devices connect and after they stop publishing).

        Usage: dotnet bench/Cluster/bin/Release/net10.0/DigitalTwin.Cluster.dll [options]

          --silos <n,n,...>        cluster sizes to run, in order                   (default 1,3)
          --devices <n>            devices, spread round-robin over the silos      (default 1000)
          --duration <s>           measurement, seconds                             (default 20)
          --warmup <s>             load before it, not measured, seconds            (default 10)
          --transport <name>       how the devices connect: plain; tls (every silo serves
                                   MQTT only over TLS, with a throwaway certificate);
                                   secure (tls, plus broker authentication and the
                                   topic ACL, each device with a secret issued
                                   through the API)                   (default plain)
          --postgres <conn>        PostgreSQL server to create the runs' databases in
                                   (default: a throwaway PostgreSQL 15)
          --silo <path>            DigitalTwin.Silo.dll to start
                                   (default src/Silo/bin/Release/net10.0 of this repository)
          --help                   this text

        Exit code: 0 clean run; 1 the run could not complete; 2 bad options; 3 completed, but a silo logged errors
        or a device saw a publish fail; 130 cancelled.
        """;

    public IReadOnlyList<int> Sizes { get; private set; } = [1, 3];

    public int Devices { get; private set; } = 1000;

    public TimeSpan Duration { get; private set; } = TimeSpan.FromSeconds(20);

    public TimeSpan Warmup { get; private set; } = TimeSpan.FromSeconds(10);

    public string? Postgres { get; private set; }

    /// <summary>How the devices reach the silos: plain, TLS, or TLS with authentication and the topic ACL.</summary>
    public SiloTransport Transport { get; private set; } = SiloTransport.PlainTcp;

    public string SiloPath { get; private set; } = "";

    public static bool TryParse(string[] args, [NotNullWhen(true)] out ClusterBenchOptions? options, out string? problem)
    {
        var parsed = new ClusterBenchOptions();
        string? siloPath = null;
        options = null;
        if (!BenchArguments.TryRead(args, (name, value) => name switch
        {
            "--silos" => parsed.ReadSizes(value),
            "--devices" => BenchArguments.ReadInt(name, value, 1, 100_000, v => parsed.Devices = v),
            "--duration" => BenchArguments.ReadInt(name, value, 1, 3600, v => parsed.Duration = TimeSpan.FromSeconds(v)),
            "--warmup" => BenchArguments.ReadInt(name, value, 0, 3600, v => parsed.Warmup = TimeSpan.FromSeconds(v)),
            "--transport" => BenchArguments.ReadTransport(name, value, v => parsed.Transport = v),
            "--postgres" => BenchArguments.ReadConnectionString(name, value, v => parsed.Postgres = v),
            "--silo" => Assign(() => siloPath = value),
            _ => $"unknown option {name}",
        }, out problem))
        {
            return false;
        }

        siloPath ??= BenchArguments.FindSiloInRepository();
        problem = BenchArguments.CheckSilo(siloPath);
        if (problem is not null)
        {
            return false;
        }

        parsed.SiloPath = Path.GetFullPath(siloPath!);
        options = parsed;
        return true;
    }

    private static string? Assign(Action assign)
    {
        assign();
        return null;
    }

    private string? ReadSizes(string value)
    {
        var sizes = new List<int>();
        foreach (var part in value.Split(','))
        {
            if (!int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out var size) || size is < 1 or > 8)
            {
                return $"--silos takes cluster sizes from 1 to 8 separated by commas, got '{value}'.";
            }

            sizes.Add(size);
        }

        Sizes = sizes;
        return null;
    }
}
