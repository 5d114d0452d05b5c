using DigitalTwin.MqttBridge.Broker;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DigitalTwin.Silo.Health;

/// <summary>Healthy while the embedded MQTT broker accepts connections.</summary>
internal sealed class MqttBrokerHealthCheck(EmbeddedMqttBroker broker) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!broker.IsRunning)
        {
            return HealthCheckResult.Unhealthy("the embedded broker is not running");
        }

        var clients = await broker.Server.GetClientsAsync();
        return HealthCheckResult.Healthy($"{clients.Count} client(s) connected");
    }
}
