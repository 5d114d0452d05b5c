using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.Interfaces.Values;

namespace DigitalTwin.Grains.History;

/// <summary>
/// Aggregates points in memory with the same rules the PostgreSQL history applies in SQL: numbers only
/// for avg/min/max/sum, any value for count, half-open buckets aligned to the start.
/// </summary>
public static class TelemetryAggregator
{
    public static TelemetryBucket[] Aggregate(IEnumerable<TelemetryPoint> points, TelemetryAggregation aggregation)
    {
        var buckets = new SortedDictionary<DateTimeOffset, Dictionary<string, Accumulator>>();
        var wanted = aggregation.Fields.Count == 0 ? null : new HashSet<string>(aggregation.Fields, StringComparer.Ordinal);
        foreach (var point in points)
        {
            if (point.Timestamp < aggregation.Start || point.Timestamp >= aggregation.End)
            {
                continue;
            }

            var start = aggregation.BucketOf(point.Timestamp);
            if (!buckets.TryGetValue(start, out var fields))
            {
                buckets[start] = fields = new Dictionary<string, Accumulator>(StringComparer.Ordinal);
            }

            foreach (var value in point.Values)
            {
                if (wanted is not null && !wanted.Contains(value.Name))
                {
                    continue;
                }

                fields.TryGetValue(value.Name, out var accumulator);
                fields[value.Name] = accumulator.Add(value.Value);
            }
        }

        var result = new List<TelemetryBucket>(buckets.Count);
        foreach (var (start, fields) in buckets)
        {
            var values = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var (name, accumulator) in fields)
            {
                if (accumulator.Result(aggregation.Function) is { } combined)
                {
                    values[name] = combined;
                }
            }

            if (values.Count > 0)
            {
                result.Add(new TelemetryBucket(start, values));
            }
        }

        return [.. result];
    }

    private readonly record struct Accumulator(long Count, long Numbers, double Sum, double Min, double Max)
    {
        public Accumulator Add(FieldValue value) => value.Kind != FieldValueKind.Number
            ? this with { Count = Count + 1 }
            : new Accumulator(
                Count + 1,
                Numbers + 1,
                Sum + value.Number,
                Numbers == 0 ? value.Number : Math.Min(Min, value.Number),
                Numbers == 0 ? value.Number : Math.Max(Max, value.Number));

        public double? Result(AggregateFunction function) => function switch
        {
            AggregateFunction.Count => Count,
            _ when Numbers == 0 => null,
            AggregateFunction.Avg => Sum / Numbers,
            AggregateFunction.Min => Min,
            AggregateFunction.Max => Max,
            _ => Sum,
        };
    }
}
