using DigitalTwin.Behaviour.Evaluation;

namespace DigitalTwin.Behaviour.Tests.Evaluation;

public sealed class ConfusionMatrixTests
{
    [Fact]
    public void F1IsTwiceTheTruePositivesOverTwiceThemPlusBothErrors()
    {
        var counts = new BinaryCounts(2, 1, 1);

        Assert.Equal(4.0 / 6, counts.F1, 12);
        Assert.Equal(2.0 / 3, counts.Precision, 12);
        Assert.Equal(2.0 / 3, counts.Recall, 12);
        Assert.Equal(0, new BinaryCounts(0, 5, 3).F1);
        Assert.True(double.IsNaN(new BinaryCounts(0, 0, 0).F1));
    }

    [Fact]
    public void EachClassIsCountedAgainstAllOthers()
    {
        var matrix = new ConfusionMatrix(3);
        (int Actual, int Predicted)[] pairs = [(0, 0), (0, 0), (0, 1), (1, 1), (1, 1), (1, 0), (2, 1), (2, 2)];
        foreach (var (actual, predicted) in pairs)
        {
            matrix.Add(actual, predicted);
        }

        Assert.Equal(new BinaryCounts(2, 1, 1), matrix.CountsOf(0));
        Assert.Equal(new BinaryCounts(2, 2, 1), matrix.CountsOf(1));
        Assert.Equal(new BinaryCounts(1, 0, 1), matrix.CountsOf(2));
        Assert.Equal(3, matrix.Support(1));
        Assert.Equal(2.0 / 3, matrix.CountsOf(0).F1, 12);
        Assert.Equal(4.0 / 7, matrix.CountsOf(1).F1, 12);
    }
}
