using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DigitalTwin.Api.Hosting;

/// <summary>
/// The outcome of each health check of <c>/api/v1/system/health</c> (cluster, MQTT broker, twin directory, PostgreSQL)
/// as a gauge, refreshed by the health-check publisher every <see cref="Period"/>: a PostgreSQL blip, which
/// <c>/health/ready</c> leaves out on purpose, shows on dashboards and in alert rules. Published as the
/// <c>DigitalTwin.Health</c> meter.
/// </summary>
public sealed class HealthCheckMetrics : IHealthCheckPublisher, IDisposable
{
    public const string MeterName = "DigitalTwin.Health";

    /// <summary>How often every check runs for the gauge: about a Prometheus scrape interval.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(10);

    private readonly Meter _meter;
    private volatile Measurement<int>[] _latest = [];

    public HealthCheckMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        _meter.CreateObservableGauge("dtn.health.status", () => _latest, unit: "{status}", description: "Outcome of each health check (label check): 2 healthy, 1 degraded, 0 unhealthy");
    }

    public Task PublishAsync(HealthReport report, CancellationToken cancellationToken)
    {
        // HealthStatus counts Unhealthy = 0, Degraded = 1, Healthy = 2: the gauge keeps its numbers.
        _latest = [.. report.Entries.Select(entry => new Measurement<int>((int)entry.Value.Status, new KeyValuePair<string, object?>("check", entry.Key)))];
        return Task.CompletedTask;
    }

    public void Dispose() => _meter.Dispose();
}
