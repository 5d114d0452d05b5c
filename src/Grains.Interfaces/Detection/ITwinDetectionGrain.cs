using DigitalTwin.Grains.Interfaces.Alerts;

namespace DigitalTwin.Grains.Interfaces.Detection;

/// <summary>
/// The detection side of a device's twin (the same grain as <c>ITwinGrain</c>, keyed by device id): its behaviour
/// baseline and its anomaly alerts. Windows are scored as the twin takes them (<c>ITwinNetworkGrain</c>).
/// </summary>
public interface ITwinDetectionGrain : IGrainWithStringKey
{
    /// <summary>The twin's baseline; null when no twin exists.</summary>
    Task<TwinBaselineView?> GetBaselineAsync();

    /// <summary>The twin's alerts, newest first (a bounded list; the alert index keeps older ones); null when no twin exists.</summary>
    Task<IReadOnlyList<AnomalyAlert>?> GetAlertsAsync();

    /// <summary>Marks an alert seen by <paramref name="by"/>; an alert already acknowledged is left as it is.</summary>
    Task<AlertWriteResult> AcknowledgeAlertAsync(long number, string by);

    /// <summary>Clears an alert by hand; one already cleared is left as it is.</summary>
    Task<AlertWriteResult> ClearAlertAsync(long number, string by);
}
