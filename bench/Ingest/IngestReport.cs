using System.Globalization;
using DigitalTwin.BenchHost;

namespace DigitalTwin.Ingest;

/// <summary>The figures of one run, written as the table that goes into <c>docs/benchmarks.md</c>.</summary>
public sealed record IngestReport
{
    public required IngestBenchOptions Options { get; init; }

    public required StorageMode Storage { get; init; }

    /// <summary>What the window cost the database; null for the in-memory silo.</summary>
    public required PostgresUsage? Postgres { get; init; }

    public required MachineDescription Machine { get; init; }

    public required string Command { get; init; }

    public required string SiloCommand { get; init; }

    public required int SiloProcessId { get; init; }

    public required int ConnectedDevices { get; init; }

    public required TimeSpan ConnectTime { get; init; }

    public required TimeSpan Window { get; init; }

    public required long SentInWindow { get; init; }

    public required long AcknowledgedInWindow { get; init; }

    public required long AcknowledgedSentInWindow { get; init; }

    public required long UpdatesSentInWindow { get; init; }

    public required long UnmatchedUpdates { get; init; }

    public required long AcknowledgedWholeRun { get; init; }

    public required long UpdatesWholeRun { get; init; }

    public required long UpdatesWithoutSeq { get; init; }

    public required LatencySummary PubAck { get; init; }

    public required LatencySummary TwinUpdate { get; init; }

    /// <summary>Silo counters at the window's start and end; null when the metrics endpoint did not answer.</summary>
    public required IngestCounters? CountersBefore { get; init; }

    public required IngestCounters? CountersAfter { get; init; }

    public required IngestCounters? CountersAtEnd { get; init; }

    public required IReadOnlyList<KeyValuePair<string, long>> Errors { get; init; }

    public required int SiloWarningLines { get; init; }

    public required int SiloErrorLines { get; init; }

    public required ProcessMemory SiloMemory { get; init; }

    public required TimeSpan SiloCpuInWindow { get; init; }

    public required TimeSpan BenchCpuInWindow { get; init; }

    /// <summary>Busy CPU time of the whole machine over the window, all processes.</summary>
    public required TimeSpan MachineCpuInWindow { get; init; }

    public required string LoadAverageBefore { get; init; }

    public required string LoadAverageAfterWindow { get; init; }

    public long ErrorCount => Errors.Sum(e => e.Value);

    public long MissingUpdates => AcknowledgedSentInWindow - UpdatesSentInWindow;

    public double AcceptedPerSecond => AcknowledgedInWindow / Window.TotalSeconds;

    public double SiloCores => SiloCpuInWindow.TotalSeconds / Window.TotalSeconds;

    /// <summary>Cores the database server used in the window; null in memory or when the server is elsewhere.</summary>
    public double? PostgresCores => Postgres?.ServerCpu is { } cpu ? cpu.TotalSeconds / Window.TotalSeconds : null;

    public void Write(TextWriter output)
    {
        var seconds = Window.TotalSeconds;
        output.WriteLine();
        output.WriteLine(Storage == StorageMode.Postgres
            ? "== Ingest benchmark: silo on PostgreSQL (message log before PUBACK, snapshots behind), embedded MQTT broker =="
            : "== Ingest benchmark: in-memory silo, embedded MQTT broker ==");
        output.WriteLine($"Command   {Command}");
        output.WriteLine($"Silo      {SiloCommand}  (pid {SiloProcessId})");
        output.WriteLine($"Machine   {Machine}");
        output.WriteLine($"Load      {ConnectedDevices} of {Options.Devices} devices connected in {ConnectTime.TotalSeconds:0.0} s; QoS 1 flat telemetry; {LoadShape()}; one twin/+/update subscriber at QoS {Options.UpdateQos}");
        output.WriteLine($"Window    {seconds:0.0} s measured after {Options.Warmup.TotalSeconds:0} s of warm-up; silo and bench share the machine's cores");
        output.WriteLine();

        var rows = new List<(string Figure, string Value)>
        {
            ("Accepted messages/s (PUBACKs in window)", $"{Rate(AcknowledgedInWindow, seconds)}  ({Count(AcknowledgedInWindow)} PUBACKs)"),
            ("Accepted messages/s (silo messages.accepted)", SiloRate()),
            ("Messages sent in window / acknowledged", $"{Count(SentInWindow)} / {Count(AcknowledgedSentInWindow)}"),
            ("Twin updates received / expected", $"{Count(UpdatesSentInWindow)} / {Count(AcknowledgedSentInWindow)}  ({Percent(UpdatesSentInWindow, AcknowledgedSentInWindow)})"),
            ("Twin updates missing", Count(MissingUpdates)),
            ("Twin updates received / PUBACKs (whole run)", $"{Count(UpdatesWholeRun)} / {Count(AcknowledgedWholeRun)}"),
            ("Updates unmatched / without seq (whole run)", $"{Count(UnmatchedUpdates)} / {Count(UpdatesWithoutSeq)}"),
            ("Errors, device side (whole run)", Count(ErrorCount)),
            ("Silo rejected / stale in window", SiloRejected()),
            ("Silo log lines warn / fail+crit", $"{SiloWarningLines} / {SiloErrorLines}"),
            ("Silo peak memory (VmHWM)", MiB(SiloMemory.PeakResidentKiB)),
            ("Silo memory at end (VmRSS)", MiB(SiloMemory.ResidentKiB)),
            (Postgres is null ? "CPU in window, silo / bench / other (cores)" : "CPU in window, silo / bench / PostgreSQL / other (cores)", CpuShares(seconds)),
            ("Load average before run / after window", $"{LoadAverageBefore} / {LoadAverageAfterWindow}"),
            ("Twins registered / active at end", CountersAtEnd is { } end ? $"{Count(end.TwinsRegistered)} / {Count(end.TwinsActive)}" : "metrics endpoint did not answer"),
        };
        var width = rows.Max(r => r.Figure.Length);
        output.WriteLine($"{"Figure".PadRight(width)}  Value");
        output.WriteLine($"{new string('-', width)}  {new string('-', 36)}");
        foreach (var (figure, value) in rows)
        {
            output.WriteLine($"{figure.PadRight(width)}  {value}");
        }

        output.WriteLine();
        output.WriteLine($"{"Latency, messages sent in window (ms)",-38} {"samples",10} {"p50",9} {"p95",9} {"p99",9} {"max",9}");
        output.WriteLine($"{new string('-', 38)} {new string('-', 10)} {new string('-', 9)} {new string('-', 9)} {new string('-', 9)} {new string('-', 9)}");
        WriteLatency(output, "publish -> PUBACK", PubAck);
        WriteLatency(output, "publish -> twin update received", TwinUpdate);

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

    private string LoadShape() => Options.RatePerDevice > 0
        ? $"open loop at {Options.RatePerDevice.ToString("0.###", CultureInfo.InvariantCulture)} msg/s per device (at most 64 in flight each)"
        : "closed loop (each device sends its next message when the previous PUBACK is back)";

    private string CpuShares(double seconds)
    {
        var silo = SiloCpuInWindow.TotalSeconds / seconds;
        var bench = BenchCpuInWindow.TotalSeconds / seconds;
        var database = PostgresCores ?? 0;
        var other = Math.Max(0, MachineCpuInWindow.TotalSeconds / seconds - silo - bench - database);
        return Postgres is null
            ? $"{silo:0.00} / {bench:0.00} / {other:0.00}  (of {Machine.Cores})"
            : $"{silo:0.00} / {bench:0.00} / {(PostgresCores is { } pg ? pg.ToString("0.00", CultureInfo.InvariantCulture) : "n/a")} / {other:0.00}  (of {Machine.Cores})";
    }

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
        output.WriteLine($"{name,-38} {Count(s.Count),10} {Ms(s.P50),9} {Ms(s.P95),9} {Ms(s.P99),9} {Ms(s.Max),9}");

    private static string Ms(TimeSpan t) => t.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture);

    private static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string Rate(long n, double seconds) => (n / seconds).ToString("N0", CultureInfo.InvariantCulture);

    private static string Percent(long part, long whole) => whole == 0 ? "n/a" : (100.0 * part / whole).ToString("0.00", CultureInfo.InvariantCulture) + " %";

    private static string MiB(long kib) => kib < 0 ? "unavailable" : (kib / 1024.0).ToString("N1", CultureInfo.InvariantCulture) + " MiB";
}
