using DigitalTwin.Grains.Hosting;
using DigitalTwin.Grains.Interfaces.Alerts;
using Microsoft.Extensions.Logging;

namespace DigitalTwin.Grains.Detection;

/// <summary>
/// Gathers the alerts the twins of this silo change and writes them to the <see cref="IAlertStore"/> in batches,
/// the latest version (<see cref="AnomalyAlert.UpdatedAt"/>) of each (<see cref="WriteBehindWriter{T}"/>).
/// </summary>
internal sealed partial class AlertIndexWriter(IAlertStore store, ILogger<AlertIndexWriter> logger) : WriteBehindWriter<AnomalyAlert>, IAlertIndex
{
    protected override string KeyOf(AnomalyAlert item) => item.Id;

    protected override bool IsNewer(AnomalyAlert current, AnomalyAlert candidate) => current.UpdatedAt > candidate.UpdatedAt;

    protected override Task WriteAsync(IReadOnlyList<AnomalyAlert> batch, CancellationToken cancellationToken) =>
        store.UpsertAsync(batch, cancellationToken);

    protected override void OnWriteFailed(Exception exception, int count) => LogFlushFailed(logger, exception, count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing {Count} alerts to the alert index failed; retrying")]
    private static partial void LogFlushFailed(ILogger logger, Exception exception, int count);
}
