using System.Globalization;
using DigitalTwin.BenchHost;

namespace DigitalTwin.Commands;

/// <summary>The figures of one run, written as the tables that go into <c>docs/benchmarks.md</c>.</summary>
public sealed record CommandReport
{
    public required CommandBenchOptions Options { get; init; }

    public required MachineDescription Machine { get; init; }

    public required string Command { get; init; }

    public required string SiloCommand { get; init; }

    public required string LoadAverageBefore { get; init; }

    public required TimeSpan TwinCreateTime { get; init; }

    public required TimeSpan ConnectTime { get; init; }

    public required RoundTripFigures RoundTrip { get; init; }

    public required FireAndForgetFigures FireAndForget { get; init; }

    public required JobFigures Job { get; init; }

    public required IReadOnlyList<KeyValuePair<string, long>> DeviceErrors { get; init; }

    public required int SiloWarningLines { get; init; }

    public required int SiloErrorLines { get; init; }

    public required ProcessMemory SiloMemory { get; init; }

    /// <summary>The throwaway or given server of a postgres run, for the report; null in memory mode.</summary>
    public required string? Postgres { get; init; }

    private string StorageName => Options.Storage == StorageMode.Postgres ? "PostgreSQL" : "in-memory";

    public bool IsClean =>
        RoundTrip.FailedInWindow == 0 && FireAndForget.Failures.Count == 0 && FireAndForget.NotReceived == 0
        && Job.Final.Status == "completed" && Job.Final.Counts.GetValueOrDefault("succeeded") == Job.Final.Targets
        && DeviceErrors.Count == 0 && SiloErrorLines == 0;

    public void Write(TextWriter output)
    {
        var o = Options;
        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Command benchmark: {o.Devices} smart_light twins and devices ({StorageName} silo), {o.Clients} API clients, {o.Duration.TotalSeconds:0} s windows after {o.Warmup.TotalSeconds:0} s warm-up, execution delay {o.ExecutionDelay.TotalMilliseconds:0} ms"));
        output.WriteLine($"Machine: {Machine}");
        output.WriteLine($"Command: {Command}");
        output.WriteLine($"Silo:    {SiloCommand}");
        if (Postgres is not null)
        {
            output.WriteLine($"Storage: {Postgres}");
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Set-up: twins created in {TwinCreateTime.TotalSeconds:0.0} s, devices connected and online in {ConnectTime.TotalSeconds:0.0} s; load average before {LoadAverageBefore}"));

        var r = RoundTrip;
        output.WriteLine();
        output.WriteLine("Round trip (POST .../command?wait=10s, closed loop)");
        Row(output, "Succeeded commands/s (answers in window)", Rate(r.CommandsPerSecond), $"{Count(r.AnsweredSucceededInWindow)} in {Seconds(r.Load.Window)}");
        Row(output, "Sent in window / succeeded / failed", $"{Count(r.SentInWindow)} / {Count(r.SucceededInWindow)} / {Count(r.FailedInWindow)}", Failures(r.Failures));
        WriteLoad(output, r.Load);
        WriteCpuPerCommand(output, r.Load, r.CommandsPerSecond);
        WriteLatencyHeader(output);
        WriteLatency(output, "POST -> 200 succeeded (round trip)", r.RoundTrip);
        WriteLatency(output, "POST -> device receives command", r.PostToDevice);
        WriteLatency(output, "device publishes ack -> HTTP answer", r.AckToAnswer);

        var f = FireAndForget;
        output.WriteLine();
        output.WriteLine("Fire and forget (POST .../command without wait, closed loop on the 202)");
        Row(output, "Accepted POSTs/s (answers in window)", Rate(f.AcceptedPerSecond), $"{Count(f.AcceptedAnswersInWindow)} in {Seconds(f.Load.Window)}");
        Row(output, "Acks recorded/s (ack PUBACKs in window)", Rate(f.AcksPerSecond), Count(f.AcksConfirmedInWindow));
        Row(output, "Sent in window / refused or failed", $"{Count(f.SentInWindow)} / {Count(f.Failures.Sum(e => e.Value))}", Failures(f.Failures));
        Row(output, "Whole run: accepted / received / acks recorded", $"{Count(f.AcceptedWholeRun)} / {Count(f.ReceivedWholeRun)} / {Count(f.AcksConfirmedWholeRun)}", $"not received {Count(f.NotReceived)}, duplicates {Count(f.Duplicates)}, drain {Seconds(f.Drain)}");
        WriteLoad(output, f.Load);
        WriteCpuPerCommand(output, f.Load, f.AcceptedPerSecond);
        WriteLatencyHeader(output);
        WriteLatency(output, "POST -> 202 answer", f.PostAnswer);
        WriteLatency(output, "POST -> device receives command", f.PostToDevice);

        var j = Job;
        output.WriteLine();
        output.WriteLine($"Job (one turn_on job to metadata.group={CommandBench.Group}, polled every {j.PollInterval.TotalMilliseconds:0} ms)");
        Row(output, "Job / targets", $"{j.JobId} / {j.Final.Targets}", $"final status {j.Final.Status}");
        Row(output, "Counts", string.Join(", ", j.Final.Counts.Where(c => c.Value > 0).Select(c => $"{c.Key} {c.Value}")), "");
        Row(output, "POST answered (202)", Ms((TimeSpan?)j.PostAnswered), "");
        Row(output, "First poll seeing it running", Ms(j.Running), "");
        Row(output, "First command at a device / last", $"{Ms(j.FirstReceived)} / {Ms(j.LastReceived)}", $"{Count(j.Received)} received, {Count(j.AcksConfirmed)} acks recorded");
        Row(output, "First poll seeing it completed", Ms(j.Completed), "");
        Row(output, "Twins per second (targets / completed)", Rate(j.TwinsPerSecond), "");
        WriteLoad(output, j.Load);

        output.WriteLine();
        Row(output, "Device-side errors", Count(DeviceErrors.Sum(e => e.Value)), Failures(DeviceErrors));
        Row(output, "Silo log lines warn / fail+crit", $"{SiloWarningLines} / {SiloErrorLines}", "");
        Row(output, "Silo memory peak (VmHWM) / at end (VmRSS)", $"{Mib(SiloMemory.PeakResidentKiB)} / {Mib(SiloMemory.ResidentKiB)}", "");
    }

    private static void WriteLoad(TextWriter output, WindowLoad load) =>
        Row(
            output,
            load.PostgresCores is null ? "CPU silo / bench / other (cores)" : "CPU silo / PostgreSQL / bench / other (cores)",
            load.PostgresCores is { } postgres
                ? string.Create(CultureInfo.InvariantCulture, $"{load.SiloCores:0.00} / {postgres:0.00} / {load.BenchCores:0.00} / {load.OtherCores:0.00}")
                : string.Create(CultureInfo.InvariantCulture, $"{load.SiloCores:0.00} / {load.BenchCores:0.00} / {load.OtherCores:0.00}"),
            $"load average after: {load.LoadAverage}");

    /// <summary>CPU per command in microseconds: what the rate costs, comparable across runs at different rates.</summary>
    private static void WriteCpuPerCommand(TextWriter output, WindowLoad load, double perSecond)
    {
        if (perSecond <= 0)
        {
            return;
        }

        var silo = load.SiloCores / perSecond * 1e6;
        var text = load.PostgresCores is { } postgres
            ? string.Create(CultureInfo.InvariantCulture, $"{silo:0} / {postgres / perSecond * 1e6:0} / {load.BenchCores / perSecond * 1e6:0}")
            : string.Create(CultureInfo.InvariantCulture, $"{silo:0} / {load.BenchCores / perSecond * 1e6:0}");
        Row(output, load.PostgresCores is null ? "CPU per command silo / bench (us)" : "CPU per command silo / PostgreSQL / bench (us)", text, "");
    }

    private static void WriteLatencyHeader(TextWriter output) =>
        output.WriteLine($"  {"Latency (ms)",-40} {"samples",9} {"p50",9} {"p90",9} {"p99",9} {"max",9}");

    private static void WriteLatency(TextWriter output, string name, LatencySummary s) =>
        output.WriteLine($"  {name,-40} {Count(s.Count),9} {Ms(s.P50),9} {Ms(s.P90),9} {Ms(s.P99),9} {Ms(s.Max),9}");

    private static void Row(TextWriter output, string name, string value, string note) =>
        output.WriteLine($"  {name,-48} {value,-24} {note}".TrimEnd());

    private static string Failures(IReadOnlyList<KeyValuePair<string, long>> byKind) =>
        byKind.Count == 0 ? "" : string.Join("; ", byKind.Select(e => $"{e.Key} x{e.Value}"));

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Rate(double value) => value.ToString("N1", CultureInfo.InvariantCulture);

    private static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";

    private static string Ms(TimeSpan value) => value.TotalMilliseconds.ToString("N1", CultureInfo.InvariantCulture);

    private static string Ms(TimeSpan? value) => value is { } v ? Ms(v) + " ms" : "never";

    private static string Mib(long kib) => (kib / 1024.0).ToString("N1", CultureInfo.InvariantCulture) + " MiB";
}
