using System.Globalization;

namespace DigitalTwin.Ingest;

/// <summary>
/// Every silo run of an invocation beside the Mosquitto run that followed it: same generator, same fleet, same
/// warm-up and window. The ratios are silo / Mosquitto: throughput below 1 is slower, CPU per message above 1 costlier.
/// </summary>
public static class MosquittoComparison
{
    public static void Write(TextWriter output, IReadOnlyList<IngestReport> silos, IngestReport mosquitto)
    {
        var rows = new List<(string Figure, Func<IngestReport, string> Value)>
        {
            ("Acknowledged messages/s", r => r.AcceptedPerSecond.ToString("N0", CultureInfo.InvariantCulture)),
            ("  ratio to Mosquitto", r => Ratio(r.AcceptedPerSecond, mosquitto.AcceptedPerSecond)),
            ("publish -> PUBACK p50 / p99 (ms)", r => $"{Ms(r.PubAck.P50)} / {Ms(r.PubAck.P99)}"),
            ("Broker CPU (cores)", r => r.BrokerCores is { } cores ? cores.ToString("0.00", CultureInfo.InvariantCulture) : "n/a"),
            ("Broker (+ PostgreSQL) CPU µs/msg", r => IngestReport.Micro(r.PlatformMicrosecondsPerMessage)),
            ("  ratio to Mosquitto", r => Ratio(r.PlatformMicrosecondsPerMessage, mosquitto.BrokerMicrosecondsPerMessage)),
            ("Generator CPU µs/msg", r => IngestReport.Micro(r.GeneratorMicrosecondsPerMessage)),
            ("Errors (device side)", r => r.ErrorCount.ToString("N0", CultureInfo.InvariantCulture)),
        };

        const int column = 20;
        IReadOnlyList<IngestReport> all = [.. silos, mosquitto];
        var width = rows.Max(r => r.Figure.Length);
        output.WriteLine();
        output.WriteLine("== Silo and Mosquitto, same generator and load (ratios: silo / Mosquitto) ==");
        output.WriteLine($"{"Figure".PadRight(width)}{string.Concat(all.Select(r => Name(r).PadLeft(column)))}");
        output.WriteLine($"{new string('-', width)}{string.Concat(all.Select(_ => "  " + new string('-', column - 2)))}");
        foreach (var (figure, value) in rows)
        {
            output.WriteLine($"{figure.PadRight(width)}{string.Concat(all.Select(r => (r == mosquitto && figure.StartsWith("  ratio", StringComparison.Ordinal) ? "1" : value(r)).PadLeft(column)))}");
        }
    }

    private static string Name(IngestReport report) => report.Storage is { } mode ? "silo " + mode.ToString().ToLowerInvariant() : "mosquitto";

    private static string Ratio(double? part, double? whole) =>
        part is { } p && whole is { } w && w > 0 ? (p / w).ToString("0.00", CultureInfo.InvariantCulture) : "n/a";

    private static string Ms(TimeSpan t) => t.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture);
}
