using DigitalTwin.Behaviour.Statistics;

namespace DigitalTwin.Behaviour.Tests.Statistics;

public sealed class RunningStatisticsTests
{
    [Fact]
    public void MatchesTheTwoPassFigures()
    {
        double[] series = [2, 4, 4, 4, 5, 5, 7, 9];
        var statistics = new RunningStatistics(RunningStatisticsState.Empty(1));
        foreach (var value in series)
        {
            statistics.Add([value]);
        }

        var summary = statistics.Summarise(0);
        Assert.Equal(8, summary.Count);
        Assert.Equal(5, summary.Mean, 12);
        Assert.Equal(2, summary.Std, 12);
        Assert.Equal(2, summary.Min);
        Assert.Equal(9, summary.Max);
    }

    [Fact]
    public void SkipsNotMeasuredValuesPerFeature()
    {
        var statistics = new RunningStatistics(RunningStatisticsState.Empty(2));
        statistics.Add([1, double.NaN]);
        statistics.Add([3, 10]);

        Assert.Equal(2, statistics.Summarise(0).Count);
        Assert.Equal(2, statistics.Summarise(0).Mean);
        Assert.Equal(1, statistics.Summarise(1).Count);
        Assert.Equal(10, statistics.Summarise(1).Mean);
        Assert.Equal(0, statistics.Summarise(1).Std);
    }

    [Fact]
    public void AResetStartsAfreshInTheCallersArrays()
    {
        var state = RunningStatisticsState.Empty(1);
        var statistics = new RunningStatistics(state);
        statistics.Add([100]);
        statistics.Add([300]);

        statistics.Reset();
        statistics.Add([4]);

        var summary = statistics.Summarise(0);
        Assert.Equal((1L, 4.0, 0.0, 4.0, 4.0, 4.0), (summary.Count, summary.Mean, summary.Std, summary.Min, summary.Max, summary.WeightedMean));
        Assert.Equal(1, state.Counts[0]);
    }

    [Fact]
    public void AFeatureNeverMeasuredHasNoFigures()
    {
        var statistics = new RunningStatistics(RunningStatisticsState.Empty(1));
        statistics.Add([double.NaN]);

        var summary = statistics.Summarise(0);
        Assert.Equal(0, summary.Count);
        Assert.True(double.IsNaN(summary.Mean));
        Assert.True(double.IsNaN(summary.Max));
    }

    [Fact]
    public void StaysPreciseFarFromZero()
    {
        // A naive sum of squares cancels catastrophically here; Welford's update does not.
        var statistics = new RunningStatistics(RunningStatisticsState.Empty(1));
        foreach (var offset in new double[] { 4, 7, 13, 16 })
        {
            statistics.Add([1e9 + offset]);
        }

        Assert.Equal(Math.Sqrt(22.5), statistics.Summarise(0).Std, 6);
    }

    [Fact]
    public void TheWeightedMeanFollowsRecentValues()
    {
        var statistics = new RunningStatistics(RunningStatisticsState.Empty(1), smoothing: 0.5);
        statistics.Add([0]);
        statistics.Add([8]);
        statistics.Add([8]);

        Assert.Equal(6, statistics.Summarise(0).WeightedMean);
        Assert.Equal(16.0 / 3, statistics.Summarise(0).Mean, 12);
    }

    [Fact]
    public void ContinuesFromRestoredArrays()
    {
        var first = new RunningStatistics(RunningStatisticsState.Empty(1));
        first.Add([2]);
        first.Add([4]);
        var copy = new RunningStatisticsState
        {
            Counts = [.. first.State.Counts],
            Means = [.. first.State.Means],
            SquaredDeviations = [.. first.State.SquaredDeviations],
            Minimums = [.. first.State.Minimums],
            Maximums = [.. first.State.Maximums],
            WeightedMeans = [.. first.State.WeightedMeans],
        };

        var restored = new RunningStatistics(copy);
        restored.Add([6]);

        Assert.Equal(3, restored.Summarise(0).Count);
        Assert.Equal(4, restored.Summarise(0).Mean, 12);
        Assert.Equal(Math.Sqrt(8.0 / 3), restored.Summarise(0).Std, 12);
    }

    [Fact]
    public void RefusesAWindowOfTheWrongWidth()
    {
        var statistics = new RunningStatistics(RunningStatisticsState.Empty(2));

        Assert.Throws<ArgumentException>(() => statistics.Add([1]));
    }
}
