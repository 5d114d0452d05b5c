using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DigitalTwin.Api.Hosting;

/// <summary>Healthy when the cluster answers and has at least one active silo.</summary>
internal sealed class ClusterHealthCheck(IGrainFactory grains) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(cancellationToken);
        return hosts.Count > 0
            ? HealthCheckResult.Healthy($"{hosts.Count} active silo(s)")
            : HealthCheckResult.Unhealthy("no active silo");
    }
}
