namespace DigitalTwin.Grains.History;

/// <summary>
/// Telemetry of <c>start ≤ time &lt; end</c> in buckets of <paramref name="Interval"/> aligned to
/// <paramref name="Start"/>, each field combined by <paramref name="Function"/>; all fields unless
/// <paramref name="Fields"/> names some.
/// </summary>
public sealed record TelemetryAggregation(
    DateTimeOffset Start,
    DateTimeOffset End,
    TimeSpan Interval,
    AggregateFunction Function,
    IReadOnlyList<string> Fields)
{
    /// <summary>The most buckets one request may ask for.</summary>
    public const int MaxBuckets = 10_000;

    /// <summary>The start of the bucket that holds <paramref name="time"/>.</summary>
    public DateTimeOffset BucketOf(DateTimeOffset time) =>
        Start + (Interval * Math.Floor((time - Start) / Interval));
}
