namespace DigitalTwin.ModelTrainer.Evaluation;

/// <summary>
/// Threshold-free metrics of a score against binary truth (higher score = more likely positive): the area under the
/// ROC curve and under the precision-recall curve, and the curves themselves for plots. Tied scores are one
/// threshold: they are counted together, never in an arbitrary order, so an all-equal score has ROC-AUC 0.5.
/// </summary>
internal static class RankingMetrics
{
    /// <summary>
    /// ROC-AUC as the Mann-Whitney statistic: the chance that a random positive scores above a random negative, ties
    /// counting a half. NaN when either class is absent.
    /// </summary>
    public static double RocAuc(IReadOnlyList<double> scores, IReadOnlyList<bool> positive)
    {
        var order = Ascending(scores);
        double positives = 0, rankSum = 0;
        for (var start = 0; start < order.Length;)
        {
            var end = TieEnd(order, scores, start);
            var averageRank = (start + 1 + end) / 2.0;
            for (var k = start; k < end; k++)
            {
                if (positive[order[k]])
                {
                    positives++;
                    rankSum += averageRank;
                }
            }

            start = end;
        }

        var negatives = order.Length - positives;
        return positives == 0 || negatives == 0 ? double.NaN : (rankSum - positives * (positives + 1) / 2) / (positives * negatives);
    }

    /// <summary>
    /// PR-AUC as average precision: the precision at each distinct threshold weighted by the recall it adds
    /// (a step function, no interpolation, which would overstate it). NaN when there is no positive.
    /// </summary>
    public static double AveragePrecision(IReadOnlyList<double> scores, IReadOnlyList<bool> positive)
    {
        var total = positive.Count(p => p);
        if (total == 0)
        {
            return double.NaN;
        }

        double area = 0;
        foreach (var (truePositives, falsePositives, added) in Thresholds(scores, positive))
        {
            area += added / (double)total * truePositives / (truePositives + falsePositives);
        }

        return area;
    }

    /// <summary>The ROC curve from (0, 0) to (1, 1), one point per distinct threshold, thinned to about <paramref name="points"/>.</summary>
    public static IReadOnlyList<CurvePoint> RocCurve(IReadOnlyList<double> scores, IReadOnlyList<bool> positive, int points = 500)
    {
        double totalPositives = positive.Count(p => p), totalNegatives = positive.Count - totalPositives;
        var curve = new List<CurvePoint> { new(0, 0) };
        curve.AddRange(Thresholds(scores, positive).Select(t => new CurvePoint(
            totalNegatives == 0 ? 0 : t.FalsePositives / totalNegatives,
            totalPositives == 0 ? 0 : t.TruePositives / totalPositives)));
        return Thin(curve, points);
    }

    /// <summary>The precision-recall curve, one point per distinct threshold, thinned to about <paramref name="points"/>.</summary>
    public static IReadOnlyList<CurvePoint> PrecisionRecallCurve(IReadOnlyList<double> scores, IReadOnlyList<bool> positive, int points = 500)
    {
        double totalPositives = positive.Count(p => p);
        var curve = Thresholds(scores, positive)
            .Select(t => new CurvePoint(totalPositives == 0 ? 0 : t.TruePositives / totalPositives, t.TruePositives / (double)(t.TruePositives + t.FalsePositives)))
            .ToList();
        return Thin(curve, points);
    }

    /// <summary>Cumulative counts at each distinct score, highest first, and the positives the threshold added.</summary>
    private static IEnumerable<(long TruePositives, long FalsePositives, long Added)> Thresholds(IReadOnlyList<double> scores, IReadOnlyList<bool> positive)
    {
        var order = Ascending(scores);
        Array.Reverse(order);
        long truePositives = 0, falsePositives = 0;
        for (var start = 0; start < order.Length;)
        {
            var end = TieEnd(order, scores, start);
            long added = 0;
            for (var k = start; k < end; k++)
            {
                if (positive[order[k]])
                {
                    added++;
                }
                else
                {
                    falsePositives++;
                }
            }

            truePositives += added;
            start = end;
            yield return (truePositives, falsePositives, added);
        }
    }

    private static int[] Ascending(IReadOnlyList<double> scores)
    {
        var order = Enumerable.Range(0, scores.Count).ToArray();
        var keys = scores.ToArray();
        Array.Sort(keys, order);
        return order;
    }

    private static int TieEnd(int[] order, IReadOnlyList<double> scores, int start)
    {
        var end = start + 1;
        while (end < order.Length && scores[order[end]] == scores[order[start]])
        {
            end++;
        }

        return end;
    }

    private static IReadOnlyList<CurvePoint> Thin(List<CurvePoint> curve, int points)
    {
        if (curve.Count <= points)
        {
            return curve;
        }

        // Keep every step-th point and the last, so the curve still ends where it ends.
        var step = (double)curve.Count / points;
        var thinned = Enumerable.Range(0, points).Select(k => curve[(int)(k * step)]).ToList();
        thinned.Add(curve[^1]);
        return thinned;
    }
}
