using System.Globalization;
using System.Text.Json;

namespace DigitalTwin.Bench.CaptureDetection;

/// <summary>
/// The figures of one run, per host, against the targets: every attacking host alerted; at most 1% of the benign
/// hosts' windows flagged. For an attacker nothing flagged, its windows of the attack are shown beside its own
/// baseline, so a miss says what the traffic looked like rather than only that it was missed.
/// </summary>
internal sealed class CaptureReport(TextWriter output, CaptureBenchOptions options)
{
    /// <summary>Target: the share of benign hosts' windows flagged, in percent.</summary>
    public const double BenignFlaggedTarget = 1.0;

    /// <summary>Features shown for a missed attack, per the behaviour it should have raised.</summary>
    private static readonly Dictionary<string, string[]> Telling = new(StringComparer.Ordinal)
    {
        ["port_scan"] = ["distinct_destination_ports", "syn_out", "rst_in", "unanswered_syn_ratio", "failed_connections"],
        ["connection_flood"] = ["syn_out", "sessions_opened", "rst_out", "packets_out", "failed_connections"],
        ["beacon"] = ["sessions_opened", "tls_handshakes", "periodic_gap_mean", "periodic_gap_cv", "bytes_out"],
        ["dns_tunnelling"] = ["dns_query_rate", "dns_unique_names", "dns_name_length_mean", "dns_name_entropy_mean", "new_dns_names"],
        ["brute_force"] = ["sessions_opened", "syn_out", "fin_out", "bytes_in", "session_duration_mean"],
    };

    public async Task<bool> WriteAsync(SiloReader silo, IReadOnlyList<(string Address, HostBehaviour Behaviour)> benign, IReadOnlyList<LabAttack> attacks, CancellationToken cancellationToken)
    {
        output.WriteLine();
        output.WriteLine("Attacking hosts (each also a mixed client, from the start of the capture to its end)");
        output.WriteLine($"{"host",-16} {"tool",-24} {"timing",-52} {"start s",7} {"alerted",7} {"types",-28} {"right type",10} {"delay s",7} {"windows",7} {"baseline",8} {"peak",6}  first reasons");
        var alerted = 0;
        var falseAlerts = 0;
        var missed = new List<(LabAttack Attack, HostVerdict Verdict)>();
        var reasons = new List<string>();
        foreach (var attack in attacks)
        {
            var verdict = await silo.ReadAsync(attack.Source, cancellationToken);
            var attackWindow = WindowStart(attack.Started);
            foreach (var alert in verdict.AlertsBefore(attackWindow, options.WindowSeconds))
            {
                falseAlerts++;
                reasons.Add($"  {attack.Source} before its attack: {Describe(alert)}");
            }

            var during = verdict.AlertsFrom(attackWindow).ToList();
            var offset = (attack.Started - CaptureStart).TotalSeconds;
            if (during.Count == 0)
            {
                missed.Add((attack, verdict));
                output.WriteLine($"{attack.Source,-16} {attack.Tool,-24} {attack.Timing,-52} {offset,7:0.0} {"no",7} {"-",-28} {"-",10} {"-",7} {"-",7} {"-",8} {"-",6}  scored {verdict.WindowsScored}, flagged {verdict.WindowsFlagged}, warm {verdict.Warm}");
                continue;
            }

            alerted++;
            var types = string.Join(",", during.Select(a => a.GetProperty("type").GetString()).Distinct());
            var first = FirstEvidence(during, attackWindow);
            var delay = (first.GetProperty("window_start").GetDateTimeOffset().AddSeconds(options.WindowSeconds) - attack.Started).TotalSeconds;
            var windows = (int)Math.Round((first.GetProperty("window_start").GetDateTimeOffset() - attackWindow).TotalSeconds / options.WindowSeconds);
            var baseline = during[0].GetProperty("baseline").GetString();
            // An alert raised before the attack and kept up by it peaked perhaps before: only its attack windows count.
            var peak = during.Select(a => a.GetProperty("first_seen").GetDateTimeOffset() >= attackWindow
                    ? a.GetProperty("peak_score").GetDouble()
                    : a.GetProperty("evidence").EnumerateArray().Where(e => e.GetProperty("window_start").GetDateTimeOffset() >= attackWindow).Select(e => e.GetProperty("score").GetDouble()).DefaultIfEmpty(0).Max())
                .Max();
            var right = during.Any(a => a.GetProperty("type").GetString() == attack.ExpectedType) ? "yes" : $"no ({attack.ExpectedType})";
            var firstReasons = string.Join("; ", first.GetProperty("reasons").EnumerateArray().Take(3).Select(r => r.GetProperty("text").GetString()));
            output.WriteLine($"{attack.Source,-16} {attack.Tool,-24} {attack.Timing,-52} {offset,7:0.0} {"yes",7} {types,-28} {right,10} {delay,7:0.0} {windows,7} {baseline,8} {peak,6:0.0}  {firstReasons}");
            reasons.Add($"  {attack.Source} {attack.Tool} {attack.Timing}: first flagged window {Reasons(first)}");
        }

        output.WriteLine();
        output.WriteLine("Benign hosts (the whole capture)");
        output.WriteLine($"{"host",-16} {"behaviour",-10} {"warm",5} {"learnt s",8} {"scored",7} {"flagged",7} {"%",6}  alerts");
        long scored = 0, flagged = 0, benignAlerts = 0;
        foreach (var (address, behaviour) in benign)
        {
            var verdict = await silo.ReadAsync(address, cancellationToken);
            scored += verdict.WindowsScored;
            flagged += verdict.WindowsFlagged;
            benignAlerts += verdict.Alerts.Count;
            var alertText = verdict.Alerts.Count == 0 ? "none" : string.Join(", ", verdict.Alerts.Select(a => $"{a.GetProperty("type").GetString()} (peak {a.GetProperty("peak_score").GetDouble():0.0}, {a.GetProperty("baseline").GetString()})"));
            output.WriteLine($"{address,-16} {behaviour,-10} {(verdict.Warm ? "yes" : "no"),5} {verdict.LearntSeconds,8:0} {verdict.WindowsScored,7} {verdict.WindowsFlagged,7} {verdict.FlaggedPercent,6:0.0}  {alertText}");
            if (verdict.Alerts.Count > 0)
            {
                reasons.AddRange(verdict.Alerts.Select(alert => $"  {address} (benign, {behaviour}): {Describe(alert)}"));
            }
        }

        var benignPercent = scored == 0 ? 0 : 100.0 * flagged / scored;
        output.WriteLine($"{"all benign",-16} {"",-10} {"",5} {"",8} {scored,7} {flagged,7} {benignPercent,6:0.0}  {benignAlerts} alerts");
        output.WriteLine($"Alerts on attacking hosts before their attack (while benign): {falseAlerts}");

        output.WriteLine();
        output.WriteLine("Reasons of the first flagged windows");
        foreach (var line in reasons)
        {
            output.WriteLine(line);
        }

        foreach (var (attack, verdict) in missed)
        {
            await WriteMissAsync(silo, attack, verdict, cancellationToken);
        }

        var allAlerted = alerted == attacks.Count;
        var benignMet = benignPercent <= BenignFlaggedTarget;
        output.WriteLine();
        output.WriteLine($"{"target",-44} {"wanted",-8} {"measured",-12} met");
        output.WriteLine($"{"attacking hosts alerted",-44} {"all",-8} {$"{alerted} of {attacks.Count}",-12} {(allAlerted ? "yes" : "no")}");
        output.WriteLine($"{"benign-host windows flagged",-44} {"<= 1%",-8} {benignPercent.ToString("0.00", CultureInfo.InvariantCulture) + "%",-12} {(benignMet ? "yes" : "no")}");
        return allAlerted && benignMet;
    }

    /// <summary>When the capture started: offsets in the report count from it.</summary>
    public DateTimeOffset CaptureStart { get; set; }

    private DateTimeOffset WindowStart(DateTimeOffset time) =>
        DateTimeOffset.FromUnixTimeSeconds(time.ToUnixTimeSeconds() / options.WindowSeconds * options.WindowSeconds);

    /// <summary>The earliest flagged window of the attack the alerts kept as evidence (an alert keeps its first three).</summary>
    /// <summary>
    /// The earliest flagged window of the attack the alerts kept as evidence (an alert keeps its first three and its
    /// latest); an alert raised before the attack and only kept up by it may have kept none but its latest.
    /// </summary>
    private static JsonElement FirstEvidence(IReadOnlyList<JsonElement> alerts, DateTimeOffset attackWindow)
    {
        var evidence = alerts.SelectMany(a => a.GetProperty("evidence").EnumerateArray()).ToList();
        var fromAttack = evidence.Where(e => e.GetProperty("window_start").GetDateTimeOffset() >= attackWindow).ToList();
        return (fromAttack.Count > 0 ? fromAttack : evidence).MaxBy(e => fromAttack.Count > 0 ? -e.GetProperty("window_start").GetDateTimeOffset().ToUnixTimeSeconds() : e.GetProperty("window_start").GetDateTimeOffset().ToUnixTimeSeconds());
    }

    private async Task WriteMissAsync(SiloReader silo, LabAttack attack, HostVerdict verdict, CancellationToken cancellationToken)
    {
        var features = Telling.GetValueOrDefault(attack.ExpectedType, ["packets_out", "sessions_opened"]);
        var baseline = await silo.OwnBaselineAsync(attack.Source, cancellationToken);
        var windows = await silo.WindowsAsync(attack.Source, WindowStart(attack.Started), attack.Ended, cancellationToken);
        output.WriteLine();
        output.WriteLine($"Missed: {attack.Source} {attack.Tool} {attack.Timing} ({windows.Count} windows of the attack; the host's windows scored {verdict.WindowsScored}, flagged {verdict.WindowsFlagged}, own baseline warm: {verdict.Warm})");
        output.WriteLine($"  {"own baseline",-25} {string.Join(" ", features.Select(f => $"{f}={Describe(baseline, f)}"))}");
        foreach (var window in windows.Take(12))
        {
            var values = window.GetProperty("features");
            var shown = features.Select(f => values.TryGetProperty(f, out var v) ? $"{f}={v.GetDouble():0.##}" : $"{f}=-");
            output.WriteLine($"  {window.GetProperty("window_start").GetDateTimeOffset():HH:mm:ss} {"",16} {string.Join(" ", shown)}");
        }
    }

    /// <summary>An alert's type, baseline and the reasons of the first window that raised it.</summary>
    private static string Describe(JsonElement alert)
    {
        var evidence = alert.GetProperty("evidence")[0];
        return $"{alert.GetProperty("type").GetString()} ({alert.GetProperty("baseline").GetString()} baseline) at {evidence.GetProperty("window_start").GetDateTimeOffset():HH:mm:ss}, {Reasons(evidence)}";
    }

    /// <summary>A flagged window's score, the trained model's verdict when there was one (it may flag alone), and the baseline's reasons.</summary>
    private static string Reasons(JsonElement evidence)
    {
        var model = evidence.GetProperty("model") is { ValueKind: JsonValueKind.Object } verdict
            ? $", model {verdict.GetProperty("class").GetString()} p={verdict.GetProperty("probability").GetDouble():0.00}"
            : "";
        return $"score {evidence.GetProperty("score").GetDouble():0.0} ({evidence.GetProperty("behaviour").GetString()}){model}: "
            + string.Join("; ", evidence.GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("text").GetString()));
    }

    private static string Describe(IReadOnlyDictionary<string, (double? Centre, double? Spread)> baseline, string feature) =>
        baseline.TryGetValue(feature, out var b) && b.Centre is { } centre ? $"{centre:0.##}±{b.Spread ?? 0:0.##}" : "none";
}
