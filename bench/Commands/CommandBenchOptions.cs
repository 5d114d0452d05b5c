using System.Diagnostics.CodeAnalysis;
using DigitalTwin.BenchHost;

namespace DigitalTwin.Commands;

/// <summary>What the command benchmark drives and where; read from the command line.</summary>
public sealed class CommandBenchOptions
{
    public const string HelpText = """
        Command benchmark: starts a silo (embedded MQTT broker; in-memory storage, or PostgreSQL), creates N smart_light
        twins, connects one MQTT device per twin that acks every command with success, and measures three
        scenarios in turn:
          round trip       C API clients each POST .../command?wait=10s to a random twin and wait for
                           the 200 succeeded answer; commands/s, latency, and the MQTT legs
          fire and forget  C API clients POST .../command without wait as fast as the API answers;
                           accepted POSTs/s, acks/s, time from POST to the device's receipt
          job              one command job to all N twins (filter on metadata.group); time until the
                           job is running and until it is completed

        Usage: dotnet bench/Commands/bin/Release/net10.0/DigitalTwin.Commands.dll [options]

          --devices <n>            twins and device connections, one MQTT client each (default 200)
          --clients <n>            concurrent API clients in the first two scenarios   (default 16)
          --duration <s>           measured window of each of those scenarios          (default 30)
          --warmup <s>             load before each window, not measured; the silo's
                                   JIT is still re-compiling hot code for ~15 s  (default 20)
          --execution-delay <ms>   how long a device "executes" a command before its ack (default 0)
          --transport <name>       how the devices connect: plain; tls (the silo serves
                                   MQTT only over TLS, with a throwaway certificate);
                                   secure (tls, plus broker authentication and the
                                   topic ACL, each device with a secret issued
                                   through the API)                   (default plain)
          --storage <mode>         memory, or postgres: the silo keeps twins, commands,
                                   reminders and membership in PostgreSQL     (default memory)
          --postgres <conn>        Npgsql connection string of the server a postgres
                                   run writes into; without it the bench starts a
                                   throwaway PostgreSQL 15 (initdb in a temporary
                                   directory) with a fresh database, and reports its CPU
          --silo <path>            DigitalTwin.Silo.dll to start
                                   (default src/Silo/bin/Release/net10.0 of this repository)
          --mqtt-port <port>       broker port of the started silo                    (default 18850)
          --http-port <port>       HTTP API port of the started silo                  (default 5620)
          --silo-port <port>       Orleans silo-to-silo port                          (default 21131)
          --gateway-port <port>    Orleans gateway port                               (default 40020)
          --silo-arg <arg>         extra configuration for the silo, repeatable,
                                   e.g. --silo-arg=--Commands:MaxPendingPerTwin=1000
          --help                   this text

        Exit code: 0 clean run; 1 the run could not complete; 2 bad options;
        3 completed, but with failed or timed-out commands, device errors or silo errors; 130 cancelled.
        """;

    private readonly List<string> _siloArguments = [];

    public int Devices { get; private set; } = 200;

    public int Clients { get; private set; } = 16;

    public TimeSpan Duration { get; private set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Load before each window. Profiled with 5 s, the silo's tiered JIT still took a fifth of its CPU 10 s into the
    /// window and hot methods ran instrumented: the figures were of a silo warming up, not of its steady state.
    /// </summary>
    public TimeSpan Warmup { get; private set; } = TimeSpan.FromSeconds(20);

    /// <summary>Simulated time a device takes to carry out a command before it acks.</summary>
    public TimeSpan ExecutionDelay { get; private set; } = TimeSpan.Zero;

    /// <summary>How the devices reach the silo: plain, TLS, or TLS with authentication and the topic ACL.</summary>
    public SiloTransport Transport { get; private set; } = SiloTransport.PlainTcp;

    /// <summary>Full path of the silo assembly; null when not given and not found in the repository.</summary>
    public string? SiloPath { get; private set; }

    /// <summary>Extra command-line configuration passed to the silo after the bench's own, so it can override them.</summary>
    public IReadOnlyList<string> SiloArguments => _siloArguments;

    public StorageMode Storage { get; private set; } = StorageMode.Memory;

    /// <summary>The server for a postgres run; null means a throwaway server started by the bench.</summary>
    public string? PostgresConnectionString { get; private set; }

    public int MqttPort { get; private set; } = 18850;

    public int HttpPort { get; private set; } = 5620;

    public int SiloPort { get; private set; } = 21131;

    public int GatewayPort { get; private set; } = 40020;

    public static bool TryParse(string[] args, [NotNullWhen(true)] out CommandBenchOptions? options, out string? problem)
    {
        options = null;
        var parsed = new CommandBenchOptions();
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
                return BenchArguments.ReadInt(name, value, 1, 10_000, v => Devices = v);
            case "--clients":
                return BenchArguments.ReadInt(name, value, 1, 1024, v => Clients = v);
            case "--duration":
                return BenchArguments.ReadInt(name, value, 1, 24 * 3600, v => Duration = TimeSpan.FromSeconds(v));
            case "--warmup":
                return BenchArguments.ReadInt(name, value, 0, 24 * 3600, v => Warmup = TimeSpan.FromSeconds(v));
            case "--execution-delay":
                return BenchArguments.ReadInt(name, value, 0, 60_000, v => ExecutionDelay = TimeSpan.FromMilliseconds(v));
            case "--transport":
                return BenchArguments.ReadTransport(name, value, v => Transport = v);
            case "--storage":
                return BenchArguments.ReadStorageMode(name, value, v => Storage = v);
            case "--postgres":
                return BenchArguments.ReadConnectionString(name, value, v => PostgresConnectionString = v);
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

        if (PostgresConnectionString is not null && Storage != StorageMode.Postgres)
        {
            return "--postgres names the server of a postgres run, but --storage is not postgres.";
        }

        // The bench sets the connection string (a fresh database per run); a second one would override it.
        if (_siloArguments.Any(a => a.Contains("Postgres:ConnectionString", StringComparison.OrdinalIgnoreCase)))
        {
            return "Do not pass Postgres:ConnectionString through --silo-arg; use --storage postgres, and --postgres <connection string> for a server of your own.";
        }

        // The round trip waits 10 s for the ack; a longer execution would only measure timeouts.
        if (ExecutionDelay >= CommandBench.RoundTripWait)
        {
            return $"--execution-delay must stay below the round trip's wait of {CommandBench.RoundTripWait.TotalMilliseconds:0} ms.";
        }

        return BenchArguments.CheckSilo(SiloPath);
    }
}
