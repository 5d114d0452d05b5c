namespace DigitalTwin.Api.Twins;

/// <summary>Telemetry combined per bucket, oldest bucket first; empty buckets are left out.</summary>
internal sealed record TelemetryAggregateResponse(
    string TwinId,
    DateTimeOffset Start,
    DateTimeOffset End,
    string Interval,
    string Agg,
    int Count,
    IReadOnlyList<TelemetryBucketResponse> Buckets);
