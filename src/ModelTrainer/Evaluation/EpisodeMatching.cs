using DigitalTwin.Behaviour.Dataset;

namespace DigitalTwin.ModelTrainer.Evaluation;

/// <summary>
/// Event-level scoring (docs/detection.md, "The report's definitions"). An episode is detected when any of its
/// windows is flagged (traffic or not: the remembering features may show it in a window without its packets); its
/// delay is the number of windows from its onset to the first flagged one (0 when the onset window is). A false alert
/// is a maximal run of consecutive flagged windows of one device that overlaps no episode: an alarm an operator would
/// see once, however many windows it lasts.
/// </summary>
internal static class EpisodeMatching
{
    public static IReadOnlyList<EpisodeOutcome> Episodes(IReadOnlyList<ScoredWindow> windows, double windowSeconds)
    {
        var episodes = new Dictionary<(int Device, long Onset), (int Class, int Band, int? Any, int? Right)>();
        foreach (var w in windows)
        {
            if (w.OnsetSeconds == LabelledWindows.NoEpisode)
            {
                continue;
            }

            var key = (w.Device, w.OnsetSeconds);
            var (_, _, any, right) = episodes.GetValueOrDefault(key, (w.Class, w.Band, null, null));
            var delay = (int)Math.Round((w.StartSeconds - w.OnsetSeconds) / windowSeconds);
            if (w.Flagged)
            {
                any = any is { } a ? Math.Min(a, delay) : delay;
            }

            if (w.RightClass)
            {
                right = right is { } r ? Math.Min(r, delay) : delay;
            }

            episodes[key] = (w.Class, w.Band, any, right);
        }

        return episodes.Select(e => new EpisodeOutcome(e.Key.Device, e.Key.Onset, e.Value.Class, e.Value.Band, e.Value.Any, e.Value.Right))
            .OrderBy(e => e.Device)
            .ThenBy(e => e.OnsetSeconds)
            .ToArray();
    }

    /// <summary>Runs of consecutive flagged windows (no gap between their starts) of one device that touch no episode window.</summary>
    public static int FalseAlerts(IReadOnlyList<ScoredWindow> windows, double windowSeconds)
    {
        var alerts = 0;
        foreach (var device in windows.GroupBy(w => w.Device))
        {
            var inRun = false;
            var runTouchesEpisode = false;
            long previous = long.MinValue;
            foreach (var w in device.OrderBy(w => w.StartSeconds))
            {
                var continues = inRun && w.Flagged && w.StartSeconds - previous <= windowSeconds;
                if (inRun && !continues)
                {
                    alerts += runTouchesEpisode ? 0 : 1;
                    inRun = false;
                }

                if (w.Flagged)
                {
                    runTouchesEpisode = (continues && runTouchesEpisode) || w.OnsetSeconds != LabelledWindows.NoEpisode;
                    inRun = true;
                }

                previous = w.StartSeconds;
            }

            alerts += inRun && !runTouchesEpisode ? 1 : 0;
        }

        return alerts;
    }

    /// <summary>The median of whole-window delays (the mean of the middle two for an even count); null for none.</summary>
    public static double? Median(IEnumerable<int> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return null;
        }

        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2.0;
    }
}
