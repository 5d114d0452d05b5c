using DigitalTwin.Behaviour.Dataset;
using DigitalTwin.ModelTrainer.Evaluation;

namespace DigitalTwin.ModelTrainer.Tests;

public sealed class EpisodeMatchingTests
{
    private const double Seconds = 10;
    private const long None = LabelledWindows.NoEpisode;

    /// <summary>Windows 0..n-1 of device 0; those in [onsetWindow, onsetWindow + length) belong to one episode.</summary>
    private static ScoredWindow[] Device(int n, int onsetWindow, int length, params int[] flagged) =>
        Enumerable.Range(0, n).Select(w =>
            {
                var inEpisode = w >= onsetWindow && w < onsetWindow + length;
                return new ScoredWindow(0, w * 10, inEpisode ? onsetWindow * 10 : None, inEpisode ? 1 : 0, -1, flagged.Contains(w), false);
            })
            .ToArray();

    [Fact]
    public void AnEpisodeDetectedAtItsThirdWindowHasDelayTwo()
    {
        var episode = Assert.Single(EpisodeMatching.Episodes(Device(20, 5, 6, 7, 9), Seconds));

        Assert.True(episode.DetectedAny);
        Assert.Equal(2, episode.DelayAny);
        Assert.False(episode.DetectedClass);
    }

    [Fact]
    public void AnEpisodeWithNoFlaggedWindowIsMissed()
    {
        var episode = Assert.Single(EpisodeMatching.Episodes(Device(20, 5, 6, 2), Seconds));

        Assert.False(episode.DetectedAny);
        Assert.Null(episode.DelayAny);
    }

    [Fact]
    public void TheRightClassIsTrackedApartFromAnyFlag()
    {
        var windows = Device(20, 5, 6, 5, 6, 7);
        windows[8] = windows[8] with { Flagged = true, RightClass = true };

        var episode = Assert.Single(EpisodeMatching.Episodes(windows, Seconds));

        Assert.Equal(0, episode.DelayAny);
        Assert.Equal(3, episode.DelayClass);
    }

    [Fact]
    public void TwoFlaggedRunsOnNormalTrafficAreTwoFalseAlerts()
    {
        // Windows 1-3 and 12 flagged, no episode: two runs, however many windows each lasts.
        Assert.Equal(2, EpisodeMatching.FalseAlerts(Device(20, 50, 0, 1, 2, 3, 12), Seconds));
    }

    [Fact]
    public void ARunThatOverlapsAnEpisodeIsNoFalseAlert()
    {
        // The run 3-6 reaches into the episode at 5; the run at 15 is after it ended.
        Assert.Equal(1, EpisodeMatching.FalseAlerts(Device(20, 5, 6, 3, 4, 5, 6, 15), Seconds));
    }

    [Fact]
    public void RunsAreCountedPerDevice()
    {
        var first = Device(5, 50, 0, 1, 2);
        var second = Device(5, 50, 0, 3).Select(w => w with { Device = 1 }).ToArray();

        // Device 0's run ends at window 2, device 1's starts at 3: they must not join into one.
        Assert.Equal(2, EpisodeMatching.FalseAlerts([.. first, .. second], Seconds));
    }

    [Fact]
    public void TheMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo()
    {
        Assert.Equal(2.5, EpisodeMatching.Median([4, 1, 2, 3]));
        Assert.Equal(2, EpisodeMatching.Median([3, 1, 2]));
        Assert.Null(EpisodeMatching.Median([]));
    }
}
