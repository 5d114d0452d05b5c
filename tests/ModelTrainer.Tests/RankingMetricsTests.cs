using DigitalTwin.ModelTrainer.Evaluation;

namespace DigitalTwin.ModelTrainer.Tests;

public sealed class RankingMetricsTests
{
    private static readonly bool[] Truth = [false, false, true, true];

    [Fact]
    public void APerfectRankingHasAreasOfOne()
    {
        double[] scores = [0.1, 0.2, 0.8, 0.9];

        Assert.Equal(1, RankingMetrics.RocAuc(scores, Truth), 12);
        Assert.Equal(1, RankingMetrics.AveragePrecision(scores, Truth), 12);
    }

    [Fact]
    public void AReversedRankingHasRocAucZero()
    {
        Assert.Equal(0, RankingMetrics.RocAuc([0.9, 0.8, 0.2, 0.1], Truth), 12);
    }

    [Fact]
    public void TiedScoresHaveRocAucOneHalf()
    {
        Assert.Equal(0.5, RankingMetrics.RocAuc([0.3, 0.3, 0.3, 0.3], Truth), 12);
    }

    [Fact]
    public void AveragePrecisionWeighsEachPositivesPrecisionByTheRecallItAdds()
    {
        // Ranked: positive (precision 1/1), negative, positive (precision 2/3): (1 + 2/3) / 2.
        Assert.Equal((1 + 2.0 / 3) / 2, RankingMetrics.AveragePrecision([0.9, 0.8, 0.7], [true, false, true]), 12);
    }

    [Fact]
    public void OneMisorderedPairOfFourCostsAQuarterOfTheArea()
    {
        // Positives 0.9 and 0.3, negatives 0.5 and 0.1: 3 of the 4 positive-negative pairs are in order.
        Assert.Equal(0.75, RankingMetrics.RocAuc([0.9, 0.5, 0.3, 0.1], [true, false, true, false]), 12);
    }

    [Fact]
    public void AreasAreUndefinedWithoutBothClasses()
    {
        Assert.True(double.IsNaN(RankingMetrics.RocAuc([0.1, 0.2], [false, false])));
        Assert.True(double.IsNaN(RankingMetrics.AveragePrecision([0.1, 0.2], [false, false])));
    }

    [Fact]
    public void TheRocCurveRunsFromOriginToTheTopRight()
    {
        var curve = RankingMetrics.RocCurve([0.1, 0.2, 0.8, 0.9], Truth);

        Assert.Equal(new CurvePoint(0, 0), curve[0]);
        Assert.Contains(new CurvePoint(0, 1), curve);
        Assert.Equal(new CurvePoint(1, 1), curve[^1]);
    }
}
