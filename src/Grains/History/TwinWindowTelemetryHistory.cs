using DigitalTwin.Grains.Interfaces.Twins;

namespace DigitalTwin.Grains.History;

/// <summary>In-memory mode: the history is the twin's recent window (<c>Twins:TelemetryWindowSize</c> points).</summary>
internal sealed class TwinWindowTelemetryHistory(IGrainFactory grains) : ITelemetryHistory
{
    public Task<TelemetryPoint[]?> ReadAsync(string twinId, TelemetryQuery query, CancellationToken cancellationToken) =>
        grains.GetGrain<ITwinGrain>(twinId).GetTelemetryAsync(query);

    public async Task<TelemetryBucket[]?> AggregateAsync(string twinId, TelemetryAggregation aggregation, CancellationToken cancellationToken)
    {
        var points = await grains.GetGrain<ITwinGrain>(twinId).GetTelemetryAsync(new TelemetryQuery(aggregation.Start, aggregation.End, int.MaxValue));
        return points is null ? null : TelemetryAggregator.Aggregate(points, aggregation);
    }
}
