using System.Globalization;
using System.Text;

namespace DigitalTwin.Bench.LiveDetection;

/// <summary>
/// Joins a live run's alerts with its ground truth under docs/detection.md's definitions: an episode is detected when
/// an alert of its device, of its class (and, reported apart, of any class), was active at some time from its onset to
/// <see cref="GraceWindows"/> windows after its end; the delay counts windows from the onset to the alert's first window
/// (0 for an alert already active at the onset); a false alert is one whose span overlaps no episode of its device
/// (with the same grace).
/// </summary>
internal static class LiveTally
{
    /// <summary>Windows after an episode's end in which an alert still counts for it (its traces linger in damped rates).</summary>
    public const int GraceWindows = 6;

    public static string Report(RunTruth truth, IReadOnlyList<LiveAlert> alerts)
    {
        var grace = TimeSpan.FromSeconds(GraceWindows * truth.WindowSeconds);
        var byTwin = alerts.ToLookup(a => a.TwinId);
        var text = new StringBuilder();
        text.AppendLine("| class | band | episodes | detected, right type | detected, any type | median delay (windows) |");
        text.AppendLine("|---|---|---:|---:|---:|---:|");
        foreach (var group in truth.Episodes.GroupBy(e => (e.Class, e.Band)).OrderBy(g => g.Key.Class).ThenBy(g => g.Key.Band))
        {
            var episodes = group.ToList();
            var right = episodes.Select(e => Delay(e, byTwin[e.DeviceId].Where(a => a.Type == e.Class), grace, truth.WindowSeconds)).Where(d => d is not null).Select(d => d!.Value).Order().ToList();
            var any = episodes.Count(e => Delay(e, byTwin[e.DeviceId], grace, truth.WindowSeconds) is not null);
            var median = right.Count == 0 ? "–" : right[right.Count / 2].ToString(CultureInfo.InvariantCulture);
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {group.Key.Class} | {group.Key.Band} | {episodes.Count} | {right.Count} ({Percent(right.Count, episodes.Count)}) | {any} ({Percent(any, episodes.Count)}) | {median} |");
        }

        var episodesByDevice = truth.Episodes.ToLookup(e => e.DeviceId);
        var falseAlerts = alerts.Where(a => !episodesByDevice[a.TwinId].Any(e => a.FirstSeen <= e.Offset + grace && a.LastSeen >= e.Onset)).ToList();
        var deviceDays = truth.DeviceSeconds / 86_400;
        text.AppendLine();
        var baselines = string.Join(", ", alerts.GroupBy(a => a.Baseline).OrderBy(g => g.Key).Select(g => $"{g.Count()} against {g.Key} baselines"));
        text.AppendLine(CultureInfo.InvariantCulture, $"Alerts: {alerts.Count} on {byTwin.Count} twins ({baselines}).");
        var falseTypes = falseAlerts.Count == 0 ? "" : " (" + string.Join(", ", falseAlerts.GroupBy(a => a.Type).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}")) + ")";
        text.AppendLine(CultureInfo.InvariantCulture,
            $"False alerts: {falseAlerts.Count} over {deviceDays:0.00} device-days = **{100 * falseAlerts.Count / Math.Max(deviceDays, 1e-9):0.0} per 100 device-days**{falseTypes}.");
        foreach (var alert in falseAlerts.Take(20))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- {alert.Id} {alert.Type} against the {alert.Baseline} baseline, {alert.FirstSeen:HH:mm:ss}–{alert.LastSeen:HH:mm:ss}: {alert.FirstEvidence}");
        }

        return text.ToString();
    }

    private static int? Delay(Episode episode, IEnumerable<LiveAlert> alerts, TimeSpan grace, double windowSeconds)
    {
        int? best = null;
        foreach (var alert in alerts)
        {
            if (alert.FirstSeen <= episode.Offset + grace && alert.LastSeen >= episode.Onset)
            {
                var delay = (int)Math.Max(0, Math.Round((alert.FirstSeen - episode.Onset).TotalSeconds / windowSeconds));
                best = best is null ? delay : Math.Min(best.Value, delay);
            }
        }

        return best;
    }

    private static string Percent(int part, int whole) => whole == 0 ? "–" : $"{100.0 * part / whole:0}%";
}
