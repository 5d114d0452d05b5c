using DigitalTwin.Grains.History;
using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.Interfaces.Values;

namespace DigitalTwin.Grains.Tests.History;

public sealed class TelemetryAggregatorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);

    private static readonly TelemetryPoint[] Points =
    [
        Point(0, ("temperature", FieldValue.FromNumber(20)), ("mode", FieldValue.FromText("eco"))),
        Point(30, ("temperature", FieldValue.FromNumber(22))),
        Point(59.999, ("temperature", FieldValue.FromNumber(30)), ("door", FieldValue.FromBoolean(true))),
        Point(60, ("temperature", FieldValue.FromNumber(10))),
        Point(150, ("mode", FieldValue.FromText("off"))),
        Point(180, ("temperature", FieldValue.FromNumber(99))),
    ];

    [Theory]
    [InlineData(AggregateFunction.Avg, 24.0, 10.0)]
    [InlineData(AggregateFunction.Min, 20.0, 10.0)]
    [InlineData(AggregateFunction.Max, 30.0, 10.0)]
    [InlineData(AggregateFunction.Sum, 72.0, 10.0)]
    [InlineData(AggregateFunction.Count, 3.0, 1.0)]
    public void NumbersAreCombinedPerHalfOpenBucketAlignedToTheStart(AggregateFunction function, double first, double second)
    {
        var buckets = TelemetryAggregator.Aggregate(Points, Aggregation(function, []));

        Assert.Equal([T0, T0.AddMinutes(1)], buckets.Take(2).Select(b => b.Start));
        Assert.DoesNotContain(buckets, b => b.Start >= T0.AddMinutes(3));
        Assert.Equal(first, buckets[0].Values["temperature"], 9);
        Assert.Equal(second, buckets[1].Values["temperature"], 9);
    }

    [Fact]
    public void CountTakesEveryTypeAndTheOthersOnlyNumbers()
    {
        var counts = TelemetryAggregator.Aggregate(Points, Aggregation(AggregateFunction.Count, []));
        var averages = TelemetryAggregator.Aggregate(Points, Aggregation(AggregateFunction.Avg, []));

        Assert.Equal(1, counts[0].Values["mode"]);
        Assert.Equal(1, counts[0].Values["door"]);
        Assert.False(averages[0].Values.ContainsKey("mode"));
        Assert.False(averages[0].Values.ContainsKey("door"));
        Assert.Equal(1, counts[2].Values["mode"]);

        // A bucket whose only field is text has nothing to average and is left out.
        Assert.Equal([T0, T0.AddMinutes(1)], averages.Select(b => b.Start));
    }

    [Fact]
    public void OnlyTheNamedFieldsAndTheRangeAreAggregated()
    {
        var buckets = TelemetryAggregator.Aggregate(Points, Aggregation(AggregateFunction.Count, ["mode"]));

        Assert.All(buckets, b => Assert.Equal(["mode"], b.Values.Keys));
        Assert.Equal([T0, T0.AddMinutes(2)], buckets.Select(b => b.Start));
    }

    private static TelemetryAggregation Aggregation(AggregateFunction function, string[] fields) =>
        new(T0, T0.AddMinutes(3), TimeSpan.FromMinutes(1), function, fields);

    private static TelemetryPoint Point(double seconds, params (string Name, FieldValue Value)[] values) =>
        new(T0.AddSeconds(seconds), [.. values.Select(v => new NamedValue(v.Name, v.Value))]);
}
