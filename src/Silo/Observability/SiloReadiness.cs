using DigitalTwin.MqttBridge.Broker;
using Microsoft.Extensions.Options;

namespace DigitalTwin.Silo.Observability;

/// <summary>
/// Whether this silo should be sent traffic: its MQTT broker listens and it is active in the cluster. PostgreSQL is
/// left out on purpose: a database blip would take every silo out of service at once, which helps nobody; it shows in
/// <c>/api/v1/system/health</c> and the metrics instead. On a graceful stop it says no first, and holds the stop for
/// <see cref="ObservabilityOptions.ReadinessDrain"/> so the orchestrator stops routing here before anything closes.
/// </summary>
internal sealed partial class SiloReadiness(
    IHostApplicationLifetime lifetime,
    EmbeddedMqttBroker broker,
    ILocalSiloDetails silo,
    IClusterMembershipService membership,
    IOptions<ObservabilityOptions> options,
    TimeProvider time,
    ILogger<SiloReadiness> logger) : IHostedLifecycleService
{
    /// <summary>Why the silo is not ready; empty when it is.</summary>
    public IReadOnlyList<string> FindReasonsNotReady()
    {
        var reasons = new List<string>();
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            reasons.Add("the silo is shutting down");
        }
        else if (!lifetime.ApplicationStarted.IsCancellationRequested)
        {
            reasons.Add("the silo is starting");
        }

        if (!broker.IsRunning)
        {
            reasons.Add("the MQTT broker is not listening");
        }

        var status = membership.CurrentSnapshot.GetSiloStatus(silo.SiloAddress);
        if (status != SiloStatus.Active)
        {
            reasons.Add($"the silo is {status.ToString().ToLowerInvariant()} in the cluster, not active");
        }

        return reasons;
    }

    /// <summary>Runs after the stop was requested (readiness says no from then on) and before any service stops.</summary>
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        var drain = options.Value.ReadinessDrain;
        if (drain <= TimeSpan.Zero)
        {
            return;
        }

        LogDraining(logger, drain.TotalSeconds);
        try
        {
            await Task.Delay(drain, time, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The host's shutdown grace ran out: stop now rather than overrun it.
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping: /health/ready answers 503 for {Seconds} s (Observability:ReadinessDrain) before the broker and the silo stop.")]
    private static partial void LogDraining(ILogger logger, double seconds);
}
