using DigitalTwin.Behaviour.Features;
using DigitalTwin.Detection.Baselines;

namespace DigitalTwin.Detection.Scoring;

/// <summary>
/// Scores a window against a baseline: each feature's surprise (<see cref="BehaviourBaseline.Surprise"/>) above
/// <see cref="ScoringOptions.Floor"/> adds to the score; the window is flagged from <see cref="ScoringOptions.FlagScore"/>.
/// The largest contributions are kept with what the baseline holds for them, so the score explains itself, and
/// they name the behaviour they point to (<see cref="BehaviourSignatures"/>). Allocates only for a window with
/// contributions.
/// </summary>
public sealed class WindowScorer(ScoringOptions options)
{
    public ScoringOptions Options => options;

    public WindowScore Score(ReadOnlySpan<double> values, DateTimeOffset start, BehaviourBaseline baseline, BaselineKind kind)
    {
        var count = Math.Min(values.Length, FeatureCatalog.Count);
        Span<double> scores = stackalloc double[count];
        Span<bool> above = stackalloc bool[count];
        double total = 0;
        var contributing = 0;
        for (var f = 0; f < count; f++)
        {
            var surprise = baseline.Surprise(f, values[f], start, options.TailCap, options.PerBinBeyond);
            var score = surprise.Value - options.Floor;
            if (score > 0)
            {
                scores[f] = score;
                above[f] = surprise.Above;
                total += score;
                contributing++;
            }
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
