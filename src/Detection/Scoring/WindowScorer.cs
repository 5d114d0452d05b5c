using DigitalTwin.Behaviour.Features;
using DigitalTwin.Detection.Baselines;

namespace DigitalTwin.Detection.Scoring;

/// <summary>
/// Scores a window against a baseline: each feature's surprise (<see cref="BehaviourBaseline.Surprise"/>) above
/// <see cref="ScoringOptions.Floor"/> is its contribution, and the window's score adds up the largest contribution of
/// each <see cref="FeatureGroups">group</see>; the window is flagged from <see cref="ScoringOptions.FlagScore"/>.
/// The largest contributions are kept with what the baseline holds for them, so the score explains itself, and
/// they name the behaviour they point to (<see cref="BehaviourSignatures"/>). Allocates only for a window with
/// contributions.
/// </summary>
public sealed class WindowScorer(ScoringOptions options)
{
    public ScoringOptions Options => options;

    /// <summary>Scores a window; <paramref name="prior"/> and <paramref name="priorWindows"/> as in <see cref="BehaviourBaseline.Surprise"/>.</summary>
    public WindowScore Score(
        ReadOnlySpan<double> values, DateTimeOffset start, BehaviourBaseline baseline, BaselineKind kind, BehaviourBaseline? prior = null, double priorWindows = 0)
    {
        var count = Math.Min(values.Length, FeatureCatalog.Count);
        Span<double> scores = stackalloc double[count];
        Span<bool> above = stackalloc bool[count];
        Span<double> groups = stackalloc double[FeatureGroups.Count];
        var contributing = 0;
        for (var f = 0; f < count; f++)
        {
            if (!FeatureGroups.IsScored(f))
            {
                continue;
            }

            var surprise = baseline.Surprise(f, values[f], start, options.TailCap, options.PerBinBeyond, prior, priorWindows);
            var score = surprise.Value - options.Floor;
            if (score > 0)
            {
                scores[f] = score;
                above[f] = surprise.Above;
                var group = FeatureGroups.Of(f);
                groups[group] = Math.Max(groups[group], score);
                contributing++;
            }
        }

        double total = 0;
        foreach (var group in groups)
        {
            total += group;
        }

        if (contributing == 0)
        {
            return new WindowScore(0, false, SuspectedBehaviour.Unclassified, kind, []);
        }

        var all = new List<FeatureContribution>(contributing);
        for (var f = 0; f < count; f++)
        {
            if (scores[f] > 0)
            {
                var summary = baseline.Summarise(f);
                all.Add(new FeatureContribution((NetworkFeature)f, values[f], summary.Centre, summary.Spread, scores[f], above[f]));
            }
        }

        // The behaviour is named from all the evidence, the reasons shown are the largest.
        var behaviour = BehaviourSignatures.Name(all);
        all.Sort((a, b) => b.Score.CompareTo(a.Score));
        if (all.Count > options.MaxContributions)
        {
            all.RemoveRange(options.MaxContributions, all.Count - options.MaxContributions);
        }

        return new WindowScore(total, total >= options.FlagScore, behaviour, kind, all);
    }
}
