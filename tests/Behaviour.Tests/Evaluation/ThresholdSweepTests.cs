using DigitalTwin.Behaviour.Evaluation;

namespace DigitalTwin.Behaviour.Tests.Evaluation;

public sealed class ThresholdSweepTests
{
    [Fact]
    public void FindsTheBestAtLeastThresholdWorkedOutByHand()
    {
        // >= 2: TP 3, FP 2 -> 0.75; >= 5: TP 2, FP 0, FN 1 -> 0.8; >= 6: TP 1, FN 2 -> 0.667. At most never beats 0.6.
        var rule = ThresholdSweep.Best([0, 1, 2, 3], [6, 2, 5])!.Value;

        Assert.Equal(ThresholdDirection.AtLeast, rule.Direction);
        Assert.Equal(5, rule.Threshold);
        Assert.Equal(0.8, rule.F1, 12);
        Assert.Equal(new BinaryCounts(2, 0, 1), rule.Counts);
    }

    [Fact]
    public void FindsTheBestAtMostThresholdWhenTheClassSitsLow()
    {
        var rule = ThresholdSweep.Best([5, 6, 7, 8], [1, 6, 2])!.Value;

        Assert.Equal(ThresholdDirection.AtMost, rule.Direction);
        Assert.Equal(2, rule.Threshold);
        Assert.Equal(0.8, rule.F1, 12);
        Assert.True(rule.Flags(2) && rule.Flags(1) && !rule.Flags(2.5));
    }

    [Fact]
    public void ARuleFlagsEveryValueEqualToItsThresholdOnBothSides()
    {
        // >= 3 flags both tied positives and both tied negatives: TP 3, FP 2 -> 0.75; >= 4: 0.5; <= 4: 6/9; <= 3: 0.5.
        var rule = ThresholdSweep.Best([1, 3, 3], [3, 4, 3])!.Value;

        Assert.Equal(ThresholdDirection.AtLeast, rule.Direction);
        Assert.Equal(3, rule.Threshold);
        Assert.Equal(new BinaryCounts(3, 2, 0), rule.Counts);
        Assert.Equal(0.75, rule.F1, 12);
    }

    [Fact]
    public void NegativesCountWithTheirWeight()
    {
        // Every rule flags both positives and the one negative, which stands for three: 2*2 / (2*2 + 3) = 4/7.
        var rule = ThresholdSweep.Best([5], [5, 5], negativeWeight: 3)!.Value;

        Assert.Equal(new BinaryCounts(2, 3, 0), rule.Counts);
        Assert.Equal(4.0 / 7, rule.F1, 12);
    }

    [Fact]
    public void APerfectlySeparatedClassScoresOne()
    {
        var rule = ThresholdSweep.Best([0, 0, 0, 1], [10, 20])!.Value;

        Assert.Equal(1, rule.F1);
        Assert.Equal(10, rule.Threshold);
    }

    [Fact]
    public void NoPositivesGiveNoRule()
    {
        Assert.Null(ThresholdSweep.Best([1, 2], []));
    }
}
