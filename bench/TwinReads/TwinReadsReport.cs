using System.Globalization;
using DigitalTwin.BenchHost;

namespace DigitalTwin.TwinReads;

/// <summary>The figures of one run, written as the table that goes into <c>docs/benchmarks.md</c>.</summary>
public sealed record TwinReadsReport
{
    public required TwinReadsOptions Options { get; init; }

    public required MachineDescription Machine { get; init; }

    public required string Command { get; init; }

    public required string SiloCommand { get; init; }

    public required string WrkCommand { get; init; }

    public required string Storage { get; init; }

    public required TimeSpan SeedTime { get; init; }

    public required WrkFigures Wrk { get; init; }

    public required string WrkOutput { get; init; }

    /// <summary>Cores used over the measured wrk run: the silo, wrk, this bench and everything else on the machine.</summary>
    public required (double Silo, double Wrk, double Bench, double Other) Cores { get; init; }

    public required string LoadAverageBefore { get; init; }

    public required string LoadAverageAfter { get; init; }

    public required ProcessMemory SiloMemory { get; init; }

    public required int SiloWarningLines { get; init; }

    public required int SiloErrorLines { get; init; }

    public bool IsClean => Wrk.Non2xx == 0 && Wrk.SocketErrors == 0 && SiloErrorLines == 0;

    public void Write(TextWriter output)
    {
        output.WriteLine();
        output.WriteLine("wrk's own output:");
        output.WriteLine(WrkOutput.TrimEnd());
        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Twin reads: {Options.Twins} twins with {TwinSeed.FieldCount} reported fields each, {Storage}, GET /api/v1/twins/{{random id}}"));
        output.WriteLine($"Machine: {Machine}");
        output.WriteLine($"Command: {Command}");
        output.WriteLine($"Silo:    {SiloCommand}");
        output.WriteLine($"Load:    {WrkCommand}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Set-up: twins created and their state applied in {SeedTime.TotalSeconds:0.0} s; load average before {LoadAverageBefore}, after {LoadAverageAfter}"));
        output.WriteLine();
        output.WriteLine("| Figure | Value |");
        output.WriteLine("|---|---|");
        Row(output, "Requests/s", string.Create(CultureInfo.InvariantCulture, $"**{Wrk.RequestsPerSecond:N0}** ({Wrk.Requests:N0} in {Wrk.Duration.TotalSeconds:0.0} s)"));
        Row(output, "Latency p50 / p90 / p99 / p99.9 / max (ms)", string.Create(CultureInfo.InvariantCulture,
            $"{Ms(Wrk.P50)} / {Ms(Wrk.P90)} / **{Ms(Wrk.P99)}** / {Ms(Wrk.P999)} / {Ms(Wrk.Max)}"));
        Row(output, "Non-2xx responses / socket errors", string.Create(CultureInfo.InvariantCulture,
            $"{Wrk.Non2xx:N0} / {Wrk.SocketErrors:N0} (connect {Wrk.ConnectErrors}, read {Wrk.ReadErrors}, write {Wrk.WriteErrors}, timeout {Wrk.Timeouts})"));
        Row(output, "Response bytes per request", string.Create(CultureInfo.InvariantCulture, $"{(Wrk.Requests == 0 ? 0 : Wrk.Bytes / Wrk.Requests):N0} (headers included)"));
        Row(output, "CPU in window, silo / wrk / bench / other (cores)", string.Create(CultureInfo.InvariantCulture,
            $"{Cores.Silo:0.00} / {Cores.Wrk:0.00} / {Cores.Bench:0.00} / {Cores.Other:0.00} (of {Machine.Cores})"));
        Row(output, "Silo CPU per request", string.Create(CultureInfo.InvariantCulture,
            $"{(Wrk.Requests == 0 ? 0 : Cores.Silo * Wrk.Duration.TotalSeconds / Wrk.Requests * 1e6):0.0} µs"));
        Row(output, "Silo memory at end, VmRSS / VmHWM", string.Create(CultureInfo.InvariantCulture,
            $"{SiloMemory.ResidentKiB / 1024.0:N1} / {SiloMemory.PeakResidentKiB / 1024.0:N1} MiB"));
        Row(output, "Silo log lines warn / fail+crit", $"{SiloWarningLines} / {SiloErrorLines}");
    }

    private static void Row(TextWriter output, string name, string value) => output.WriteLine($"| {name} | {value} |");

    private static string Ms(TimeSpan time) => time.TotalMilliseconds.ToString("0.00", CultureInfo.InvariantCulture);
}
