using System.Globalization;
using DigitalTwin.BenchHost;

namespace DigitalTwin.Ingest;

/// <summary>The storage modes and transports of one invocation side by side: same fleet, same warm-up, same window, one silo each.</summary>
public static class StorageComparison
{
    public static void Write(TextWriter output, IReadOnlyList<IngestReport> reports)
    {
        var rows = new List<(string Figure, Func<IngestReport, string> Value)>
        {
            ("Device connections/s (connect phase)", r => (r.ConnectedDevices / Math.Max(r.ConnectTime.TotalSeconds, 1e-9)).ToString("N0", CultureInfo.InvariantCulture)),
            ("Acknowledged messages/s (PUBACKs in window)", r => r.AcceptedPerSecond.ToString("N0", CultureInfo.InvariantCulture)),
            ("publish -> PUBACK p50 / p99 (ms)", r => $"{Ms(r.PubAck.P50)} / {Ms(r.PubAck.P99)}"),
            ("publish -> twin update p50 / p99 (ms)", r => $"{Ms(r.TwinUpdate.P50)} / {Ms(r.TwinUpdate.P99)}"),
            ("Twin updates received / expected", r => r.AcknowledgedSentInWindow == 0 ? "n/a" : (100.0 * r.UpdatesSentInWindow / r.AcknowledgedSentInWindow).ToString("0.00", CultureInfo.InvariantCulture) + " %"),
            ("Errors (device side) / silo fail+crit lines", r => $"{r.ErrorCount:N0} / {r.SiloErrorLines:N0}"),
            ("Silo peak memory (VmHWM, MiB)", r => r.BrokerMemory is { PeakResidentKiB: >= 0 } m ? (m.PeakResidentKiB / 1024.0).ToString("N0", CultureInfo.InvariantCulture) : "n/a"),
            ("Silo CPU (cores)", r => r.BrokerCores is { } cores ? cores.ToString("0.00", CultureInfo.InvariantCulture) : "n/a"),
            ("PostgreSQL CPU (cores)", r => r.PostgresCores is { } pg ? pg.ToString("0.00", CultureInfo.InvariantCulture) : "-"),
            ("CPU µs/msg silo / PostgreSQL / generator", r => $"{IngestReport.Micro(r.BrokerMicrosecondsPerMessage)} / {(r.Postgres is null ? "-" : IngestReport.Micro(r.PostgresMicrosecondsPerMessage))} / {IngestReport.Micro(r.GeneratorMicrosecondsPerMessage)}"),
            ("WAL bytes / message", r => r.Postgres is { Accepted: > 0 } pg ? ((double)pg.WalBytes / pg.Accepted).ToString("N0", CultureInfo.InvariantCulture) : "-"),
        };

        const int column = 22;
        var width = rows.Max(r => r.Figure.Length);
        output.WriteLine();
        output.WriteLine("== Storage modes side by side ==");
        output.WriteLine($"{"Figure".PadRight(width)}{string.Concat(reports.Select(r => Name(r).PadLeft(column)))}");
        output.WriteLine($"{new string('-', width)}{string.Concat(reports.Select(_ => "  " + new string('-', column - 2)))}");
        foreach (var (figure, value) in rows)
        {
            output.WriteLine($"{figure.PadRight(width)}{string.Concat(reports.Select(r => value(r).PadLeft(column)))}");
        }
    }

    private static string Name(IngestReport report) => report.Storage!.Value.ToString().ToLowerInvariant() + report.Transport switch
    {
        "tls" => " + TLS",
        "secure" => " + TLS + auth",
        _ => "",
    };

    private static string Ms(TimeSpan t) => t.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture);
}
