using DigitalTwin.Grains.Interfaces.Twins;

namespace DigitalTwin.Grains.History;

/// <summary>
/// A twin's telemetry over time. In memory it is the twin's recent window; with PostgreSQL every
/// accepted point since the retention horizon. Both return null when no twin exists under the id.
/// </summary>
public interface ITelemetryHistory
{
    /// <summary>Points with <c>start ≤ time ≤ end</c>, newest first, at most <c>limit</c>; identical re-sends count once.</summary>
    Task<TelemetryPoint[]?> ReadAsync(string twinId, TelemetryQuery query, CancellationToken cancellationToken);

    /// <summary>Buckets with at least one point, oldest first.</summary>
    Task<TelemetryBucket[]?> AggregateAsync(string twinId, TelemetryAggregation aggregation, CancellationToken cancellationToken);
}
