using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using DigitalTwin.BenchHost;

namespace DigitalTwin.Fleet;

/// <summary>What the fleet benchmark drives and where; read from the command line.</summary>
public sealed class FleetBenchOptions
{
    public const string HelpText = """
        Fleet benchmark: memory per MQTT connection and per twin on one silo, and ingest at many slow devices.
        Starts a silo (in-memory storage), then measures its memory (RSS, and the live managed heap after a full
        GC it forces through the diagnostics port) at each step:
          1. no connections;
          2. N device connections, nothing published (no twin active);
          3. the N devices publishing QoS 1 at a fixed rate (each one's first message activates its twin):
             acknowledged msg/s, publish -> PUBACK percentiles and CPU over a window; memory with N twins;
          4. after the devices disconnected;
          5. T more twins brought to life from a few connections (one message each), and again after each of
             them received P-1 more (to price one point of the telemetry window).
        With --gcdump it writes gcdumps of the silo after steps 2 and 5 and prints their largest types.

        Usage: dotnet bench/Fleet/bin/Release/net10.0/DigitalTwin.Fleet.dll [options]

          --devices <n>            device connections                              (default 20000)
          --rate-per-device <r>    messages/s per device                           (default 0.1)
          --warmup <s>             load before the window, not measured; at least
                                   one interval, so every device has a twin        (default 15)
          --duration <s>           measured window in seconds                      (default 60)
          --twins <n>              twins brought to life in step 5; 0 skips it     (default 100000)
          --points <n>             messages per twin in step 5 (the telemetry
                                   window keeps 100 by default)                    (default 10)
          --seed-connections <n>   connections step 5 publishes over               (default 64)
          --transport <name>       how the devices connect: plain; tls (the silo serves
                                   MQTT only over TLS, with a throwaway certificate);
                                   secure (tls, plus broker authentication and the
                                   topic ACL, each device with a secret issued
                                   through the API). tls and secure need --twins 0:
                                   step 5 prices a twin over a few plain
                                   connections publishing for many twins
                                                                       (default plain)
          --gcdump <dir>           write gcdumps of the silo into this folder:
                                   connections.gcdump after step 2 and
                                   twins.gcdump at the end (needs dotnet-gcdump:
                                   dotnet tool install -g dotnet-gcdump)
          --silo <path>            DigitalTwin.Silo.dll to start
                                   (default src/Silo/bin/Release/net10.0 of this repository)
          --mqtt-port <port>       broker port of the started silo                 (default 18840)
          --http-port <port>       HTTP API port of the started silo               (default 5610)
          --silo-port <port>       Orleans silo-to-silo port                       (default 21121)
          --gateway-port <port>    Orleans gateway port                            (default 40010)
          --silo-arg <arg>         extra configuration for the silo, repeatable
          --help                   this text

        Both processes need a file descriptor per connection: raise the soft limit (ulimit -n) as far as the
        hard limit allows before starting; the report prints both processes' limits.

        Exit code: 0 clean run; 1 the run could not complete; 2 bad options; 3 completed with errors; 130 cancelled.
        """;

    private readonly List<string> _siloArguments = [];

    public int Devices { get; private set; } = 20_000;

    public double RatePerDevice { get; private set; } = 0.1;

    public TimeSpan Warmup { get; private set; } = TimeSpan.FromSeconds(15);

    public TimeSpan Duration { get; private set; } = TimeSpan.FromSeconds(60);

    public int Twins { get; private set; } = 100_000;

    public int Points { get; private set; } = 10;

    public int SeedConnections { get; private set; } = 64;

    /// <summary>How the devices reach the silo: plain, TLS, or TLS with authentication and the topic ACL.</summary>
    public SiloTransport Transport { get; private set; } = SiloTransport.PlainTcp;

    /// <summary>Where gcdumps of the silo go; null for none.</summary>
    public string? GcDumpDirectory { get; private set; }

    public string? SiloPath { get; private set; }

    public IReadOnlyList<string> SiloArguments => _siloArguments;

    public int MqttPort { get; private set; } = 18840;

    public int HttpPort { get; private set; } = 5610;

    public int SiloPort { get; private set; } = 21121;

    public int GatewayPort { get; private set; } = 40010;

    public static bool TryParse(string[] args, [NotNullWhen(true)] out FleetBenchOptions? options, out string? problem)
    {
        options = null;
        var parsed = new FleetBenchOptions();
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
                return BenchArguments.ReadInt(name, value, 1, 1_000_000, v => Devices = v);
            case "--transport":
                return BenchArguments.ReadTransport(name, value, v => Transport = v);
            case "--rate-per-device":
                if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) || rate <= 0 || rate > 1000)
                {
                    return $"{name} must be a number of messages/s above 0 and at most 1000, got '{value}'.";
                }

                RatePerDevice = rate;
                return null;
            case "--warmup":
                return BenchArguments.ReadInt(name, value, 0, 3600, v => Warmup = TimeSpan.FromSeconds(v));
            case "--duration":
                return BenchArguments.ReadInt(name, value, 1, 3600, v => Duration = TimeSpan.FromSeconds(v));
            case "--twins":
                return BenchArguments.ReadInt(name, value, 0, 999_999, v => Twins = v);
            case "--points":
                return BenchArguments.ReadInt(name, value, 1, 10_000, v => Points = v);
            case "--seed-connections":
                return BenchArguments.ReadInt(name, value, 1, 1000, v => SeedConnections = v);
            case "--gcdump":
                GcDumpDirectory = Path.GetFullPath(value);
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

        if (Transport.Name != SiloTransport.Plain && Twins > 0)
        {
            return $"--transport {Transport.Name} needs --twins 0: step 5 prices a twin, whatever the devices' transport, over a few plain connections that publish for many twins (which the topic ACL would forbid).";
        }

        return BenchArguments.CheckSilo(SiloPath);
    }
}
