using System.Globalization;
using DigitalTwin.BenchHost;

namespace DigitalTwin.Fleet;

/// <summary>The figures of one run and how they are printed.</summary>
public sealed class FleetReport
{
    public required FleetBenchOptions Options { get; init; }

    public required MachineDescription Machine { get; init; }

    public required string Command { get; init; }

    public required string SiloCommand { get; init; }

    public required FileLimits BenchLimits { get; init; }

    public required FileLimits SiloLimits { get; init; }

    /// <summary>In order: no connections; connections; connections with twins; disconnected; then the seeded twins' one or two steps.</summary>
    public required IReadOnlyList<MemoryStep> Steps { get; init; }

    public required IngestWindow Ingest { get; init; }

    public SeedFigures? Seeding { get; init; }

    /// <summary>The silo's heap after step 2 (connections, no twins); null without <c>--gcdump</c>.</summary>
    public GcDumpReport? ConnectionsDump { get; init; }

    /// <summary>The silo's heap at the end (all twins); null without <c>--gcdump</c>.</summary>
    public GcDumpReport? TwinsDump { get; init; }

    public required IReadOnlyList<KeyValuePair<string, long>> Errors { get; init; }

    public int SiloWarningLines { get; init; }

    public int SiloErrorLines { get; init; }

    public IReadOnlyList<string> SiloErrorSamples { get; init; } = [];

    public void Write(TextWriter output)
    {
        var i = Ingest;
        var seconds = i.Window.TotalSeconds;
        var rate = i.AcknowledgedInWindow / seconds;
        var siloCores = i.SiloCpu.TotalSeconds / seconds;
        var generatorCores = i.GeneratorCpu.TotalSeconds / seconds;
        var otherCores = Math.Max(0, (i.MachineCpu - i.SiloCpu - i.GeneratorCpu).TotalSeconds / seconds);

        output.WriteLine();
        output.WriteLine("=== Fleet benchmark ===");
        output.WriteLine($"Machine:   {Machine}");
        output.WriteLine($"Command:   {Command}");
        output.WriteLine($"Silo:      {SiloCommand}");
        output.WriteLine($"Open-file limits: bench {BenchLimits}; silo {SiloLimits}");
        output.WriteLine();
        output.WriteLine(Invariant($"Connections: {i.Connected:N0} of {Options.Devices:N0} connected ({Options.Devices - i.Connected:N0} failed) in {i.ConnectTime.TotalSeconds:0.0} s"));
        output.WriteLine(Invariant($"Load: {Options.RatePerDevice} msg/s per device = {i.Connected * Options.RatePerDevice:N0} msg/s offered; {seconds:0} s window after {Options.Warmup.TotalSeconds:0} s warm-up"));
        output.WriteLine();
        output.WriteLine("| Figure | Value |");
        output.WriteLine("|---|---:|");
        output.WriteLine(Invariant($"| Messages sent / acknowledged in the window | {i.SentInWindow:N0} / {i.AcknowledgedInWindow:N0} |"));
        output.WriteLine(Invariant($"| Acknowledged messages/s | {rate:N0} |"));
        output.WriteLine(Invariant($"| publish → PUBACK p50 / p90 / p99 / max (ms) | {Ms(i.PubAck.P50)} / {Ms(i.PubAck.P90)} / {Ms(i.PubAck.P99)} / {Ms(i.PubAck.Max)} ({i.PubAck.Count:N0} samples) |"));
        output.WriteLine(Invariant($"| silo CPU (cores) / µs per message | {siloCores:0.000} / {(rate > 0 ? i.SiloCpu.TotalMicroseconds / i.AcknowledgedInWindow : 0):0.0} |"));
        output.WriteLine(Invariant($"| generator CPU (cores) | {generatorCores:0.000} |"));
        output.WriteLine(Invariant($"| other processes' CPU (cores) | {otherCores:0.00} |"));
        output.WriteLine($"| load average before / after the window | {i.LoadAverageBefore} / {i.LoadAverageAfter} |");
        output.WriteLine();
        output.WriteLine("Silo memory, each read after a forced full blocking GC (live = bytes that survived it):");
        output.WriteLine();
        output.WriteLine("| Step | Connections | Active twins | Open files | RSS (MiB) | Live managed (MiB) | Managed heap (MiB) | GC handles |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var s in Steps)
        {
            output.WriteLine(Invariant($"| {s.Name} | {s.Connections:N0} | {s.ActiveTwins:N0} | {s.OpenFiles:N0} | {s.Resident.ResidentKiB / 1024.0:N1} | {Mib(s.Heap.LiveBytes)} | {Mib(s.Heap.HeapBytes)} | {s.Heap.GcHandles:N0} |"));
        }

        output.WriteLine();
        output.WriteLine("| Cost | RSS (KiB) | Live managed (KiB) |");
        output.WriteLine("|---|---:|---:|");
        var connections = Math.Max(1, i.Connected);
        WriteCost(output, "per connection (no twin active)", Steps[0], Steps[1], connections);
        WriteCost(output, "per connection, from its close (twins stay)", Steps[3], Steps[2], connections);
        WriteCost(output, Invariant($"per twin of a connected device ({Options.RatePerDevice * (Options.Warmup + i.Window).TotalSeconds:0.#} messages each on average)"), Steps[1], Steps[2], connections);
        if (Seeding is { } seeding && Steps.Count >= 5)
        {
            WriteCost(output, "per twin, 1 telemetry point", Steps[3], Steps[4], seeding.Twins);
            if (Steps.Count >= 6)
            {
                var points = (long)seeding.Twins * (seeding.Points - 1);
                WriteCost(output, "per telemetry point", Steps[4], Steps[5], points);
                var perTwin = (Steps[4].Heap.LiveBytes - Steps[3].Heap.LiveBytes) / (double)seeding.Twins;
                var perPoint = (Steps[5].Heap.LiveBytes - Steps[4].Heap.LiveBytes) / (double)points;
                output.WriteLine(Invariant($"| per twin beyond its telemetry window (1-point twin less one point) | | {(perTwin - perPoint) / 1024:N2} |"));
            }

            output.WriteLine();
            output.WriteLine(Invariant($"Seeding: {seeding.Twins:N0} twins over {Options.SeedConnections} connections, {seeding.Acknowledged:N0} messages acknowledged; first message each in {seeding.FirstRound.TotalSeconds:0.0} s, the other {seeding.Points - 1} in {seeding.MoreRounds.TotalSeconds:0.0} s."));
        }

        output.WriteLine();
        output.WriteLine(Errors.Count == 0 ? "Device-side errors: none." : "Device-side errors:");
        foreach (var (kind, count) in Errors)
        {
            output.WriteLine(Invariant($"  {count,8:N0}  {kind}"));
        }

        output.WriteLine(Invariant($"Silo log lines: {SiloWarningLines:N0} warnings, {SiloErrorLines:N0} errors."));
        foreach (var line in SiloErrorSamples)
        {
            output.WriteLine($"  [silo] {line}");
        }

        WriteDump(output, ConnectionsDump, Ingest.Connected, "connection");
        WriteDump(output, TwinsDump, Steps.Count >= 5 ? Steps[^1].ActiveTwins : 0, "active twin");
    }

    private static void WriteDump(TextWriter output, GcDumpReport? dump, long count, string per)
    {
        if (dump is null)
        {
            return;
        }

        output.WriteLine();
        output.WriteLine(Invariant($"gcdump {dump.Path}: {Mib(dump.HeapBytes)} MiB of objects; largest types (bytes of the objects themselves):"));
        output.WriteLine();
        output.WriteLine($"| Type | MiB | Objects | Objects per {per} | Bytes per {per} |");
        output.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var type in dump.Types)
        {
            var name = type.Name.Replace("|", "\\|", StringComparison.Ordinal);
            output.WriteLine(Invariant($"| `{name}` | {Mib(type.Bytes)} | {type.Count:N0} | {type.Count / (double)Math.Max(1, count):0.00} | {type.Bytes / (double)Math.Max(1, count):N0} |"));
        }
    }

    private static void WriteCost(TextWriter output, string name, MemoryStep from, MemoryStep to, long count) =>
        output.WriteLine(Invariant($"| {name} | {(to.Resident.ResidentKiB - from.Resident.ResidentKiB) / (double)count:N2} | {(to.Heap.LiveBytes - from.Heap.LiveBytes) / 1024.0 / count:N2} |"));

    private static string Mib(long bytes) => (bytes / 1048576.0).ToString("N1", CultureInfo.InvariantCulture);

    private static string Ms(TimeSpan time) => time.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
