using DigitalTwin.Grains.Interfaces.Alerts;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DigitalTwin.Grains.Detection;

/// <summary>
/// Gathers the alerts the twins of this silo change and writes them to the <see cref="IAlertStore"/> in batches,
/// keeping only the latest version of each. Twins never wait on it: a slow or failing store delays alert listings,
/// not ingestion. What is pending at shutdown is written before the silo stops.
/// </summary>
public sealed partial class AlertIndexWriter(IAlertStore store, ILogger<AlertIndexWriter> logger) : BackgroundService, IAlertIndex
{
    private static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(200);

    private readonly Lock _lock = new();
    private Dictionary<string, AnomalyAlert> _pending = new(StringComparer.Ordinal);

    public void Enqueue(AnomalyAlert alert)
    {
        lock (_lock)
        {
            var id = alert.Id;
            if (!_pending.TryGetValue(id, out var current) || current.UpdatedAt <= alert.UpdatedAt)
            {
                _pending[id] = alert;
            }
        }
    }

    /// <summary>Writes everything pending now; returns false when the store refused the batch (it is kept for the next try).</summary>
    public async Task<bool> FlushAsync(CancellationToken cancellationToken)
    {
        Dictionary<string, AnomalyAlert> batch;
        lock (_lock)
        {
            if (_pending.Count == 0)
            {
                return true;
            }

            batch = _pending;
            _pending = new Dictionary<string, AnomalyAlert>(StringComparer.Ordinal);
        }

        try
        {
            await store.UpsertAsync([.. batch.Values], cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogFlushFailed(logger, ex, batch.Count);
            foreach (var alert in batch.Values)
            {
                Enqueue(alert);
            }

            return false;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = FlushInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(delay, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            delay = await FlushAsync(stoppingToken) ? FlushInterval : TimeSpan.FromSeconds(2);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing {Count} alerts to the alert index failed; retrying")]
    private static partial void LogFlushFailed(ILogger logger, Exception exception, int count);
}
