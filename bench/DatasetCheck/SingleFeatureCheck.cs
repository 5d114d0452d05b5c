using DigitalTwin.Behaviour.Dataset;
using DigitalTwin.Behaviour.Evaluation;
using DigitalTwin.Behaviour.Features;

namespace DigitalTwin.Bench.DatasetCheck;

/// <summary>
/// Per anomaly class, and per class and intensity band when the episodes carry one: the best F1 any single feature
/// reaches with one threshold, class against normal (other classes' windows left out, as are the class's windows
/// without its traffic). Every feature, both directions, every threshold: an oracle's upper bound, since the
/// threshold is chosen on the rows it is scored on. A class a single threshold separates this well needs no model.
/// </summary>
internal static class SingleFeatureCheck
{
    public static IReadOnlyList<SingleFeatureResult> Run(LabelledWindows data)
    {
        var normals = Enumerable.Range(0, data.Count).Where(i => data.ClassOf[i] == LabelledWindows.Normal).ToArray();
        var groups = new List<(int Class, int Band, int[] Rows, int Silent)>();
        for (var c = 1; c < data.Classes.Count; c++)
        {
            var all = Enumerable.Range(0, data.Count).Where(i => data.ClassOf[i] == c).ToArray();
            var scored = all.Where(i => data.Present[i]).ToArray();
            groups.Add((c, -1, scored, all.Length - scored.Length));
            for (var b = 0; b < data.Bands.Count; b++)
            {
                var inBand = all.Where(i => data.BandOf[i] == b).ToArray();
                if (inBand.Length > 0)
                {
                    var bandScored = inBand.Where(i => data.Present[i]).ToArray();
                    groups.Add((c, b, bandScored, inBand.Length - bandScored.Length));
                }
            }
        }

        var best = new (ThresholdRule? Rule, int Feature)[groups.Count];
        var negatives = new double[normals.Length];
        for (var f = 0; f < FeatureCatalog.Count; f++)
        {
            var column = data.Features[f];
            for (var i = 0; i < normals.Length; i++)
            {
                negatives[i] = column[normals[i]];
            }

            Array.Sort(negatives);
            for (var g = 0; g < groups.Count; g++)
            {
                var positives = groups[g].Rows.Select(i => (double)column[i]).ToArray();
                var rule = ThresholdSweep.Best(negatives, positives);
                if (rule is { } found && (best[g].Rule is not { } current || found.F1 > current.F1))
                {
                    best[g] = (found, f);
                }
            }
        }

        return groups.Select((group, g) => new SingleFeatureResult(
                data.Classes[group.Class],
                group.Band < 0 ? null : data.Bands[group.Band],
                group.Rows.Length,
                group.Silent,
                best[g].Rule is null ? "" : FeatureCatalog.All[best[g].Feature].Name,
                best[g].Rule))
            .ToArray();
    }
}
