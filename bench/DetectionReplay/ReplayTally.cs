using System.Globalization;
using System.Text;
using System.Text.Json;
using DigitalTwin.Behaviour.Dataset;
using DigitalTwin.Detection.Scoring;

namespace DigitalTwin.Bench.DetectionReplay;

/// <summary>
/// Scores a replay against the ground truth, under docs/detection.md's definitions: an episode is detected when a
/// window from its onset to <see cref="GraceWindows"/> windows after its end raises or updates an alert of its class
/// (and, reported apart, of any class); the delay counts windows from the onset; a false alert is an alert raised in a window that is
/// neither in an episode nor within the grace after one; window F1 counts only windows whose episode traffic is present.
/// </summary>
internal sealed class ReplayTally
{
    /// <summary>Windows after an episode's end in which its detection still counts (its traces linger in damped rates).</summary>
    public const int GraceWindows = 6;

    /// <summary>False alerts listed one by one, with the window that raised them.</summary>
    private const int MaximumFalseAlertsListed = 20;

    private readonly Dictionary<EpisodeKey, EpisodeOutcome> _episodes = [];
    private readonly Dictionary<string, EpisodeKey> _latestEpisode = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Actual, string Predicted), long> _windows = [];
    private readonly Dictionary<string, long> _falseAlertsByType = new(StringComparer.Ordinal);
    private readonly long[] _normalByBaseline = new long[3];
    private readonly long[] _flaggedNormalByBaseline = new long[3];
    private readonly List<double> _normalScores = [];
    private readonly Dictionary<string, List<double>> _classScores = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Type, string Feature), long> _falseFlagCauses = [];
    private readonly List<string> _falseAlertWindows = [];
    private double _deviceSeconds;
    private long _falseAlerts;

    public void Observe(DatasetRow row, WindowScore score, int alertsRaised, bool alerted)
    {
        var truth = row.Truth ?? GroundTruth.Unknown;
        _deviceSeconds += row.Window.Seconds;
        var anomalous = truth.Label == GroundTruthLabel.Anomalous && truth.Onset is { } onset;
        EpisodeOutcome? episode = null;
        var windowsFromOnset = 0;
        if (anomalous)
        {
            var key = new EpisodeKey(row.DeviceId, truth.Class, truth.Onset!.Value);
            if (!_episodes.TryGetValue(key, out episode))
            {
                episode = new EpisodeOutcome(BandOf(truth.Parameters), truth.Offset ?? truth.Onset.Value);
                _episodes[key] = episode;
            }

            _latestEpisode[row.DeviceId] = key;
        }
        else if (_latestEpisode.TryGetValue(row.DeviceId, out var last) && _episodes[last] is var recent
            && row.Window.Start < recent.Offset.AddSeconds(GraceWindows * row.Window.Seconds))
        {
            episode = recent;
            truth = truth with { Class = last.Class, Onset = last.Onset };
        }

        if (episode is not null)
        {
            windowsFromOnset = (int)Math.Max(0, Math.Round((row.Window.Start - truth.Onset!.Value).TotalSeconds / row.Window.Seconds));
            if (alerted)
            {
                episode.AnyTypeDelay ??= windowsFromOnset;
                if (score.Behaviour == truth.Class)
                {
                    episode.RightTypeDelay ??= windowsFromOnset;
                }
            }
        }
        else if (alertsRaised > 0)
        {
            _falseAlerts += alertsRaised;
            _falseAlertsByType[score.Behaviour] = _falseAlertsByType.GetValueOrDefault(score.Behaviour) + alertsRaised;
            if (_falseAlertWindows.Count < MaximumFalseAlertsListed)
            {
                var model = score.Model is { } verdict ? string.Create(CultureInfo.InvariantCulture, $"model {verdict.Class} {verdict.Probability:0.00}") : "no model";
                _falseAlertWindows.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{row.DeviceId} ({row.DeviceType}) {row.Window.Start:yyyy-MM-dd HH:mm:ss} {score.Behaviour} score {score.Score:0.0}, {model}: {string.Join(", ", score.Contributions.Take(3).Select(c => $"{c.Name} {c.Value:0.##} (baseline {c.Centre:0.##})"))}"));
            }
        }

        // Window-level: only windows in an episode's own span with its traffic, and normal windows outside any grace.
        if (!anomalous && episode is null)
        {
            _normalByBaseline[(int)score.Baseline]++;
            _normalScores.Add(score.Score);
            if (score.Flagged && score.Contributions.Count > 0)
            {
                var cause = (row.DeviceType, score.Contributions[0].Name);
                _falseFlagCauses[cause] = _falseFlagCauses.GetValueOrDefault(cause) + 1;
            }
            _flaggedNormalByBaseline[(int)score.Baseline] += score.Flagged ? 1 : 0;
        }

        if (anomalous ? truth.TrafficPresent : episode is null)
        {
            var actual = anomalous ? truth.Class : GroundTruth.NormalClass;
            if (anomalous)
            {
                (_classScores.TryGetValue(actual, out var list) ? list : _classScores[actual] = []).Add(score.Score);
            }

            var predicted = score.Flagged ? score.Behaviour : GroundTruth.NormalClass;
            _windows[(actual, predicted)] = _windows.GetValueOrDefault((actual, predicted)) + 1;
        }
    }

    public string Report(string title)
    {
        var text = new StringBuilder();
        var deviceDays = _deviceSeconds / 86_400;
        text.AppendLine(CultureInfo.InvariantCulture, $"#### {title}");
        text.AppendLine();
        text.AppendLine("| class | band | episodes | detected, right type | detected, any type | median delay (windows) | window F1 |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|");
        foreach (var group in _episodes.GroupBy(e => (e.Key.Class, e.Value.Band)).OrderBy(g => g.Key.Class).ThenBy(g => g.Key.Band))
        {
            var outcomes = group.Select(g => g.Value).ToList();
            var right = outcomes.Count(o => o.RightTypeDelay is not null);
            var any = outcomes.Count(o => o.AnyTypeDelay is not null);
            var delays = outcomes.Where(o => o.RightTypeDelay is not null).Select(o => o.RightTypeDelay!.Value).Order().ToList();
            var median = delays.Count == 0 ? "–" : delays[delays.Count / 2].ToString(CultureInfo.InvariantCulture);
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {group.Key.Class} | {group.Key.Band} | {outcomes.Count} | {right} ({Percent(right, outcomes.Count)}) | {any} ({Percent(any, outcomes.Count)}) | {median} | {F1(group.Key.Class):0.000} |");
        }

        var classes = _episodes.Keys.Select(k => k.Class).Distinct().ToList();
        var macro = classes.Count == 0 ? 0 : classes.Average(F1);
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Window macro-F1 over the anomaly classes (traffic-present windows): {macro:0.000}.");
        var byType = _falseAlertsByType.Count == 0 ? "" : $" ({string.Join(", ", _falseAlertsByType.OrderByDescending(p => p.Value).Select(p => $"{p.Key} {p.Value}"))})";
        text.AppendLine(CultureInfo.InvariantCulture,
            $"False alerts: {_falseAlerts} over {deviceDays:0.0} device-days = **{100 * _falseAlerts / Math.Max(deviceDays, 1e-9):0.0} per 100 device-days**{byType}.");
        foreach (var line in _falseAlertWindows)
        {
            text.AppendLine("- " + line);
        }

        var normal = _windows.Where(w => w.Key.Actual == GroundTruth.NormalClass).Sum(w => w.Value);
        var flaggedNormal = _windows.Where(w => w.Key.Actual == GroundTruth.NormalClass && w.Key.Predicted != GroundTruth.NormalClass).Sum(w => w.Value);
        text.AppendLine(CultureInfo.InvariantCulture, $"Normal windows flagged: {flaggedNormal:N0} of {normal:N0} ({100.0 * flaggedNormal / Math.Max(normal, 1):0.000}%).");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"By baseline: own {_flaggedNormalByBaseline[(int)BaselineKind.Own]:N0} of {_normalByBaseline[(int)BaselineKind.Own]:N0}, peer {_flaggedNormalByBaseline[(int)BaselineKind.Peer]:N0} of {_normalByBaseline[(int)BaselineKind.Peer]:N0}, none {_normalByBaseline[(int)BaselineKind.None]:N0} unscored.");
        text.AppendLine("Flagged normal windows by device type and largest contribution: " + string.Join(", ",
            _falseFlagCauses.OrderByDescending(c => c.Value).Take(15).Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key.Type}/{c.Key.Feature} {c.Value:N0}"))) + ".");
        _normalScores.Sort();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"Scores of normal windows: median {Quantile(_normalScores, 0.5):0.0}, 99% {Quantile(_normalScores, 0.99):0.0}, 99.9% {Quantile(_normalScores, 0.999):0.0}, 99.99% {Quantile(_normalScores, 0.9999):0.0}, max {(_normalScores.Count == 0 ? 0 : _normalScores[^1]):0.0}.");
        text.AppendLine("Scores of traffic-present episode windows: " + string.Join("; ", _classScores.OrderBy(c => c.Key).Select(c =>
        {
            c.Value.Sort();
            return string.Create(CultureInfo.InvariantCulture, $"{c.Key} median {Quantile(c.Value, 0.5):0.0} (10% {Quantile(c.Value, 0.1):0.0}, 90% {Quantile(c.Value, 0.9):0.0})");
        })) + ".");
        return text.ToString();
    }

    private double F1(string @class)
    {
        var tp = _windows.GetValueOrDefault((@class, @class));
        var fp = _windows.Where(w => w.Key.Predicted == @class && w.Key.Actual != @class).Sum(w => w.Value);
        var fn = _windows.Where(w => w.Key.Actual == @class && w.Key.Predicted != @class).Sum(w => w.Value);
        return tp == 0 ? 0 : 2.0 * tp / (2 * tp + fp + fn);
    }

    private static double Quantile(List<double> sorted, double q) => sorted.Count == 0 ? 0 : sorted[(int)Math.Min(sorted.Count - 1, q * sorted.Count)];

    private static string Percent(int part, int whole) => whole == 0 ? "–" : $"{100.0 * part / whole:0}%";

    private static string BandOf(string parameters)
    {
        using var json = JsonDocument.Parse(parameters);
        return json.RootElement.TryGetProperty("band", out var band) ? band.GetString() ?? "" : "";
    }
}
