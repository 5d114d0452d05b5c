using System.Globalization;
using DigitalTwin.BenchHost;

namespace DigitalTwin.Ingest;

/// <summary>The figures of one run, written as the table that goes into <c>docs/benchmarks.md</c>.</summary>
public sealed record IngestReport
{
    public required IngestBenchOptions Options { get; init; }

    /// <summary>What was driven, as the report's heading names it.</summary>
    public required string Target { get; init; }

    /// <summary>The silo's storage mode; null for a broker without a silo behind it.</summary>
    public required StorageMode? Storage { get; init; }

    /// <summary><c>plain</c> or <c>tls</c>: how the devices reached the broker.</summary>
    public required string Transport { get; init; }

    /// <summary>What the window cost the database; null for the in-memory silo and for plain brokers.</summary>
    public required PostgresUsage? Postgres { get; init; }

    public required MachineDescription Machine { get; init; }

    public required string Command { get; init; }

    public required string BrokerCommand { get; init; }

    public required int? BrokerProcessId { get; init; }

    public required int ConnectedDevices { get; init; }

    /// <summary>Messages in flight per device at most, after the broker's Receive Maximum.</summary>
    public required int InFlight { get; init; }

    public required TimeSpan ConnectTime { get; init; }

    public required TimeSpan Window { get; init; }

    public required long SentInWindow { get; init; }

    public required long AcknowledgedInWindow { get; init; }

    public required long AcknowledgedSentInWindow { get; init; }

    /// <summary>False for a plain broker: nothing produces twin updates, so none are expected.</summary>
    public required bool ExpectsTwinUpdates { get; init; }

    public required long UpdatesSentInWindow { get; init; }

    public required long UnmatchedUpdates { get; init; }

    public required long AcknowledgedWholeRun { get; init; }

    public required long UpdatesWholeRun { get; init; }

    public required long UpdatesWithoutSeq { get; init; }

    public required LatencySummary PubAck { get; init; }

    public required LatencySummary TwinUpdate { get; init; }

    /// <summary>Silo counters at the window's start and end; null when the metrics endpoint did not answer or there is no silo.</summary>
    public required IngestCounters? CountersBefore { get; init; }

    public required IngestCounters? CountersAfter { get; init; }

    public required IngestCounters? CountersAtEnd { get; init; }

    public required IReadOnlyList<KeyValuePair<string, long>> Errors { get; init; }

    public required int SiloWarningLines { get; init; }

    public required int SiloErrorLines { get; init; }

    /// <summary>The broker process's memory; null when its process is unknown.</summary>
    public required ProcessMemory? BrokerMemory { get; init; }

    /// <summary>CPU the broker process (the silo, or Mosquitto) used in the window; null when its process is unknown.</summary>
    public required TimeSpan? BrokerCpuInWindow { get; init; }

    /// <summary>CPU of this process in the window: the generator's devices, and with a silo its twin update subscriber.</summary>
    public required TimeSpan GeneratorCpuInWindow { get; init; }

    /// <summary>Busy CPU time of the whole machine over the window, all processes.</summary>
    public required TimeSpan MachineCpuInWindow { get; init; }

    public required string LoadAverageBefore { get; init; }

    public required string LoadAverageAfterWindow { get; init; }

    public long ErrorCount => Errors.Sum(e => e.Value);

    public long MissingUpdates => ExpectsTwinUpdates ? AcknowledgedSentInWindow - UpdatesSentInWindow : 0;

    public double AcceptedPerSecond => AcknowledgedInWindow / Window.TotalSeconds;

    public double? BrokerCores => BrokerCpuInWindow is { } cpu ? cpu.TotalSeconds / Window.TotalSeconds : null;

    /// <summary>Cores the database server used in the window; null in memory or when the server is elsewhere.</summary>
    public double? PostgresCores => Postgres?.ServerCpu is { } cpu ? cpu.TotalSeconds / Window.TotalSeconds : null;

    /// <summary>Broker process CPU per acknowledged message, µs.</summary>
    public double? BrokerMicrosecondsPerMessage => PerMessage(BrokerCpuInWindow);

    public double? PostgresMicrosecondsPerMessage => PerMessage(Postgres?.ServerCpu);

    public double? GeneratorMicrosecondsPerMessage => PerMessage(GeneratorCpuInWindow);

    /// <summary>Broker plus database CPU per acknowledged message, µs: what the platform spends on one message.</summary>
    public double? PlatformMicrosecondsPerMessage => BrokerMicrosecondsPerMessage is { } broker ? broker + (PostgresMicrosecondsPerMessage ?? 0) : null;

    public void Write(TextWriter output)
    {
        var seconds = Window.TotalSeconds;
        output.WriteLine();
        output.WriteLine($"== Ingest benchmark: {Target} ==");
        output.WriteLine($"Command   {Command}");
        output.WriteLine($"Broker    {BrokerCommand}{(BrokerProcessId is { } pid ? $"  (pid {pid})" : "")}");
        output.WriteLine($"Machine   {Machine}");
        output.WriteLine($"Load      {ConnectedDevices} of {Options.Devices} devices connected in {ConnectTime.TotalSeconds:0.0} s ({ConnectedDevices / Math.Max(ConnectTime.TotalSeconds, 1e-9):N0}/s, {Transport}); QoS 1 flat telemetry, MQTT {(Options.Protocol == Mqtt.MqttProtocol.V500 ? "5" : "3.1.1")}; {LoadShape()}; {(ExpectsTwinUpdates ? UpdateConsumer() : "no twin updates (plain broker)")}");
        output.WriteLine($"Window    {seconds:0.0} s measured after {Options.Warmup.TotalSeconds:0} s of warm-up; broker and generator share the machine's cores");
        output.WriteLine();

        var rows = new List<(string Figure, string Value)>
        {
            ("Acknowledged messages/s (PUBACKs in window)", $"{Rate(AcknowledgedInWindow, seconds)}  ({Count(AcknowledgedInWindow)} PUBACKs)"),
        };
        if (Storage is not null)
        {
            rows.Add(("Accepted messages/s (silo messages.accepted)", SiloRate()));
        }

        rows.Add(("Messages sent in window / acknowledged", $"{Count(SentInWindow)} / {Count(AcknowledgedSentInWindow)}"));
        if (ExpectsTwinUpdates)
        {
            rows.AddRange(
            [
                ("Twin updates received / expected", $"{Count(UpdatesSentInWindow)} / {Count(AcknowledgedSentInWindow)}  ({Percent(UpdatesSentInWindow, AcknowledgedSentInWindow)})"),
                ("Twin updates missing", Count(MissingUpdates)),
                ("Twin updates received / PUBACKs (whole run)", $"{Count(UpdatesWholeRun)} / {Count(AcknowledgedWholeRun)}"),
                ("Updates unmatched / without seq (whole run)", $"{Count(UnmatchedUpdates)} / {Count(UpdatesWithoutSeq)}"),
            ]);
        }

        rows.Add(("Errors, device side (whole run)", Count(ErrorCount)));
        if (Storage is not null)
        {
            rows.Add(("Silo rejected / stale in window", SiloRejected()));
            rows.Add(("Silo log lines warn / fail+crit", $"{SiloWarningLines} / {SiloErrorLines}"));
        }

        rows.AddRange(
        [
            ("Broker peak memory (VmHWM)", BrokerMemory is { } peak ? MiB(peak.PeakResidentKiB) : "unknown (no broker pid)"),
            ("Broker memory at end (VmRSS)", BrokerMemory is { } end ? MiB(end.ResidentKiB) : "unknown (no broker pid)"),
            (Postgres is null ? "CPU in window, broker / generator / other (cores)" : "CPU in window, silo / generator / PostgreSQL / other (cores)", CpuShares(seconds)),
            (Postgres is null ? "CPU µs per acknowledged message, broker / generator" : "CPU µs per acknowledged message, silo / PostgreSQL / generator", CpuPerMessage()),
            ("Load average before run / after window", $"{LoadAverageBefore} / {LoadAverageAfterWindow}"),
        ]);
        if (Storage is not null)
        {
            rows.Add(("Twins registered / active at end", CountersAtEnd is { } counters ? $"{Count(counters.TwinsRegistered)} / {Count(counters.TwinsActive)}" : "metrics endpoint did not answer"));
        }

        var width = rows.Max(r => r.Figure.Length);
        output.WriteLine($"{"Figure".PadRight(width)}  Value");
        output.WriteLine($"{new string('-', width)}  {new string('-', 36)}");
        foreach (var (figure, value) in rows)
        {
            output.WriteLine($"{figure.PadRight(width)}  {value}");
        }

        output.WriteLine();
        output.WriteLine($"{"Latency, messages sent in window (ms)",-38} {"samples",10} {"p50",9} {"p90",9} {"p99",9} {"max",9}");
        output.WriteLine($"{new string('-', 38)} {new string('-', 10)} {new string('-', 9)} {new string('-', 9)} {new string('-', 9)} {new string('-', 9)}");
        WriteLatency(output, "publish -> PUBACK", PubAck);
        if (ExpectsTwinUpdates)
        {
            WriteLatency(output, "publish -> twin update received", TwinUpdate);
        }

        Postgres?.Write(output);

        if (Errors.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("Errors by kind:");
            foreach (var (kind, count) in Errors)
            {
                output.WriteLine($"  {Count(count),10}  {kind}");
            }
        }
    }

    private double? PerMessage(TimeSpan? cpu) => cpu is { } time && AcknowledgedInWindow > 0 ? time.TotalMicroseconds / AcknowledgedInWindow : null;

    private string UpdateConsumer() => Options.UpdatesVia switch
    {
        UpdatePath.Feed => "one consumer of every twin update on SSE /api/v1/events (one event per update)",
        UpdatePath.Batches => "one consumer of every twin update on SSE /api/v1/events/batches (batched)",
        _ => $"one twin/+/update subscriber at QoS {Options.UpdateQos}",
    };

    private string LoadShape() => Options.RatePerDevice > 0
        ? $"open loop at {Options.RatePerDevice.ToString("0.###", CultureInfo.InvariantCulture)} msg/s per device (at most {InFlight} in flight each)"
        : $"closed loop ({InFlight} in flight per device: the next message leaves as soon as a PUBACK frees a place)";

    private string CpuShares(double seconds)
    {
        var broker = BrokerCores;
        var generator = GeneratorCpuInWindow.TotalSeconds / seconds;
        var database = PostgresCores ?? 0;
        var other = Math.Max(0, MachineCpuInWindow.TotalSeconds / seconds - (broker ?? 0) - generator - database);
        var brokerText = broker is { } b ? b.ToString("0.00", CultureInfo.InvariantCulture) : "n/a";
        return Postgres is null
            ? $"{brokerText} / {generator:0.00} / {other:0.00}  (of {Machine.Cores})"
            : $"{brokerText} / {generator:0.00} / {(PostgresCores is { } pg ? pg.ToString("0.00", CultureInfo.InvariantCulture) : "n/a")} / {other:0.00}  (of {Machine.Cores})";
    }

    private string CpuPerMessage() => Postgres is null
        ? $"{Micro(BrokerMicrosecondsPerMessage)} / {Micro(GeneratorMicrosecondsPerMessage)}"
        : $"{Micro(BrokerMicrosecondsPerMessage)} / {Micro(PostgresMicrosecondsPerMessage)} / {Micro(GeneratorMicrosecondsPerMessage)}  (silo + PostgreSQL {Micro(PlatformMicrosecondsPerMessage)})";

    private string SiloRate()
    {
        if (CountersBefore is not { } before || CountersAfter is not { } after)
        {
            return "metrics endpoint did not answer";
        }

        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(before.ReadAt, after.ReadAt).TotalSeconds;
        var delta = after.Accepted - before.Accepted;
        return $"{Rate(delta, elapsed)}  (+{Count(delta)} over {elapsed:0.0} s between metric reads)";
    }

    private string SiloRejected() => CountersBefore is { } before && CountersAfter is { } after
        ? $"{Count(after.Rejected - before.Rejected)} / {Count(after.Stale - before.Stale)}"
        : "metrics endpoint did not answer";

    private static void WriteLatency(TextWriter output, string name, LatencySummary s) =>
        output.WriteLine($"{name,-38} {Count(s.Count),10} {Ms(s.P50),9} {Ms(s.P90),9} {Ms(s.P99),9} {Ms(s.Max),9}");

    public static string Micro(double? microseconds) => microseconds is { } us ? us.ToString("0.0", CultureInfo.InvariantCulture) : "n/a";

    private static string Ms(TimeSpan t) => t.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture);

    private static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string Rate(long n, double seconds) => (n / seconds).ToString("N0", CultureInfo.InvariantCulture);

    private static string Percent(long part, long whole) => whole == 0 ? "n/a" : (100.0 * part / whole).ToString("0.00", CultureInfo.InvariantCulture) + " %";

    private static string MiB(long kib) => kib < 0 ? "unavailable" : (kib / 1024.0).ToString("N1", CultureInfo.InvariantCulture) + " MiB";
}
