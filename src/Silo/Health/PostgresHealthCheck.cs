using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace DigitalTwin.Silo.Health;

/// <summary>
/// Healthy while PostgreSQL answers. Without it no device message can be acknowledged (the message log
/// cannot commit), so a load balancer or Kubernetes should see the silo as unhealthy.
/// </summary>
internal sealed class PostgresHealthCheck(NpgsqlDataSource database) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Timeout);
        try
        {
            await using var command = database.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(deadline.Token);
            return HealthCheckResult.Healthy("PostgreSQL answers");
        }
        catch (Exception ex) when (ex is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"PostgreSQL does not answer within {Timeout.TotalSeconds:0} s: {ex.Message}");
        }
    }
}
