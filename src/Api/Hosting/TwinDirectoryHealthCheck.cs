using DigitalTwin.Grains.Directory;
using DigitalTwin.Grains.Interfaces.Directory;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DigitalTwin.Api.Hosting;

/// <summary>Healthy when the twin directory answers a query; degraded when this silo's writer has a backlog.</summary>
internal sealed class TwinDirectoryHealthCheck(ITwinDirectory directory, TwinDirectoryWriter writer) : IHealthCheck
{
    private const int BacklogWarning = 100_000;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var page = await directory.QueryAsync(new TwinQuery { Limit = 1 }, cancellationToken);
        var pending = writer.Pending;
        var description = $"{page.Total} twin(s), {pending} entr(ies) waiting to be written";
        return pending > BacklogWarning ? HealthCheckResult.Degraded(description) : HealthCheckResult.Healthy(description);
    }
}
