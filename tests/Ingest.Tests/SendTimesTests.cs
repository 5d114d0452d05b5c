using System.Diagnostics;
using DigitalTwin.BenchHost;

namespace DigitalTwin.Ingest.Tests;

/// <summary>Send times by seq: each taken once by the update it caused, all still counted for the window.</summary>
public sealed class SendTimesTests
{
    [Fact]
    public void ASendTimeIsTakenOnceSoADuplicateUpdateIsNotMatched()
    {
        var times = new SendTimes();
        times.Record(1, 100);

        Assert.True(times.TryTake(1, out var sentAt));
        Assert.Equal(100, sentAt);
        Assert.False(times.TryTake(1, out _));
        Assert.True(times.TryGet(1, out var stillKnown));
        Assert.Equal(100, stillKnown);
    }

    [Fact]
    public void UnknownSeqsAreNotMatched()
    {
        var times = new SendTimes();
        times.Record(1, 100);

        Assert.False(times.TryTake(0, out _));
        Assert.False(times.TryTake(2, out _));
        Assert.False(times.TryGet(-1, out _));
    }

    [Fact]
    public void AForgottenSeqMatchesNoUpdate()
    {
        var times = new SendTimes();
        times.Record(1, 100);
        times.Forget(1);

        Assert.False(times.TryTake(1, out _));
    }

    [Fact]
    public void TimesAcrossChunksAreKeptAndCountedWithinTheWindow()
    {
        var times = new SendTimes();
        var window = new MeasurementWindow();
        var before = Stopwatch.GetTimestamp();
        window.Open();
        var inside = Stopwatch.GetTimestamp();
        for (var seq = 1L; seq <= 10_000; seq++)
        {
            times.Record(seq, seq <= 3 ? before : inside);
        }

        window.Close();
        times.TryTake(9_000, out _);

        Assert.Equal(9_997, times.CountWithin(window));
        Assert.True(times.TryGet(10_000, out var last));
        Assert.Equal(inside, last);
    }
}
