using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.Interfaces.Values;
using DigitalTwin.Grains.Twins;

namespace DigitalTwin.Grains.Tests.Twins;

/// <summary>The bounded, time-ordered window of recent telemetry.</summary>
public sealed class TelemetryWindowTests
{
    private static readonly DateTimeOffset T0 = new(2024, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly List<TelemetryPoint> _window = [];

    [Fact]
    public void WindowKeepsAtMostItsCapacityDroppingTheOldest()
    {
        for (var i = 0; i < 8; i++)
        {
            TelemetryWindow.Add(_window, Point(i), capacity: 5);
        }

        Assert.Equal([3, 4, 5, 6, 7], Seconds(_window));
    }

    [Fact]
    public void LateMessageIsInsertedInTimeOrder()
    {
        foreach (var s in new[] { 1, 4, 2, 5, 3, 0 })
        {
            TelemetryWindow.Add(_window, Point(s), capacity: 10);
        }

        Assert.Equal([0, 1, 2, 3, 4, 5], Seconds(_window));
    }

    [Fact]
    public void MessageOlderThanAFullWindowIsDropped()
    {
        for (var i = 10; i < 13; i++)
        {
            TelemetryWindow.Add(_window, Point(i), capacity: 3);
        }

        TelemetryWindow.Add(_window, Point(1), capacity: 3);

        Assert.Equal([10, 11, 12], Seconds(_window));
    }

    [Fact]
    public void LateMessageInAFullWindowPushesOutTheOldest()
    {
        foreach (var s in new[] { 10, 20, 30 })
        {
            TelemetryWindow.Add(_window, Point(s), capacity: 3);
        }

        TelemetryWindow.Add(_window, Point(15), capacity: 3);

        Assert.Equal([15, 20, 30], Seconds(_window));
    }

    [Fact]
    public void MessagesWithTheSameTimeAreKeptInArrivalOrder()
    {
        TelemetryWindow.Add(_window, Point(1, value: 1), capacity: 10);
        TelemetryWindow.Add(_window, Point(1, value: 2), capacity: 10);

        Assert.Equal([1.0, 2.0], _window.Select(p => p.Values[0].Value.Number));
    }

    [Fact]
    public void AReSentMessageWithTheSameTimeAndValuesIsKeptOnce()
    {
        TelemetryWindow.Add(_window, Point(1, value: 1), capacity: 10);
        TelemetryWindow.Add(_window, Point(2, value: 2), capacity: 10);
        TelemetryWindow.Add(_window, Point(1, value: 1), capacity: 10);

        Assert.Equal([1.0, 2.0], _window.Select(p => p.Values[0].Value.Number));
    }

    [Fact]
    public void QueryReturnsNewestFirst()
    {
        Fill(0, 5);

        var points = TelemetryWindow.Query(_window, new TelemetryQuery(null, null, 100));

        Assert.Equal([4, 3, 2, 1, 0], Seconds(points));
    }

    [Fact]
    public void QueryKeepsToItsRangeInclusive()
    {
        Fill(0, 10);

        var points = TelemetryWindow.Query(_window, new TelemetryQuery(T0.AddSeconds(3), T0.AddSeconds(6), 100));

        Assert.Equal([6, 5, 4, 3], Seconds(points));
    }

    [Fact]
    public void QueryWithOnlyAStartReturnsEverythingSince()
    {
        Fill(0, 10);

        var points = TelemetryWindow.Query(_window, new TelemetryQuery(T0.AddSeconds(7), null, 100));

        Assert.Equal([9, 8, 7], Seconds(points));
    }

    [Fact]
    public void QueryWithOnlyAnEndReturnsEverythingBefore()
    {
        Fill(0, 10);

        var points = TelemetryWindow.Query(_window, new TelemetryQuery(null, T0.AddSeconds(2), 100));

        Assert.Equal([2, 1, 0], Seconds(points));
    }

    [Fact]
    public void QueryLimitKeepsTheNewestPoints()
    {
        Fill(0, 10);

        var points = TelemetryWindow.Query(_window, new TelemetryQuery(T0.AddSeconds(2), T0.AddSeconds(8), 3));

        Assert.Equal([8, 7, 6], Seconds(points));
    }

    [Fact]
    public void QueryOfAnEmptyRangeReturnsNothing()
    {
        Fill(0, 10);

        Assert.Empty(TelemetryWindow.Query(_window, new TelemetryQuery(T0.AddSeconds(20), T0.AddSeconds(30), 10)));
        Assert.Empty(TelemetryWindow.Query(_window, new TelemetryQuery(T0.AddSeconds(6), T0.AddSeconds(5), 10)));
        Assert.Empty(TelemetryWindow.Query([], new TelemetryQuery(null, null, 10)));
    }

    private void Fill(int from, int count)
    {
        for (var i = from; i < from + count; i++)
        {
            TelemetryWindow.Add(_window, Point(i), capacity: 100);
        }
    }

    private static TelemetryPoint Point(int second, double value = 0) =>
        new(T0.AddSeconds(second), [new NamedValue("v", FieldValue.FromNumber(value))]);

    private static int[] Seconds(IEnumerable<TelemetryPoint> points) =>
        points.Select(p => (int)(p.Timestamp - T0).TotalSeconds).ToArray();
}
