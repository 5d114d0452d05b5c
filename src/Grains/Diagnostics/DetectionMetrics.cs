using System.Diagnostics.Metrics;

namespace DigitalTwin.Grains.Diagnostics;

/// <summary>
/// Counts of detection on this silo: windows scored and flagged, alerts raised, escalated, acknowledged and cleared
/// (by normal traffic, by people, by a lifecycle change). Published as the <c>DigitalTwin.Detection</c> meter.
/// </summary>
public sealed class DetectionMetrics : IDisposable
{
    public const string MeterName = "DigitalTwin.Detection";

    private readonly Meter _meter;
    private long _scored, _flagged, _raised, _escalated, _acknowledged, _cleared;

    public DetectionMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        _meter.CreateObservableCounter("dtn.detection.windows.scored", () => Scored, unit: "{window}", description: "Network windows scored against a baseline");
        _meter.CreateObservableCounter("dtn.detection.windows.flagged", () => Flagged, unit: "{window}", description: "Network windows scored anomalous");
        _meter.CreateObservableCounter("dtn.detection.alerts.raised", () => Raised, unit: "{alert}", description: "Anomaly alerts raised");
        _meter.CreateObservableCounter("dtn.detection.alerts.escalated", () => Escalated, unit: "{alert}", description: "Anomaly alerts that became critical");
        _meter.CreateObservableCounter("dtn.detection.alerts.acknowledged", () => Acknowledged, unit: "{alert}", description: "Anomaly alerts acknowledged");
        _meter.CreateObservableCounter("dtn.detection.alerts.cleared", () => Cleared, unit: "{alert}", description: "Anomaly alerts cleared, by normal traffic, by hand or by a lifecycle change");
    }

    public long Scored => Interlocked.Read(ref _scored);

    public long Flagged => Interlocked.Read(ref _flagged);

    public long Raised => Interlocked.Read(ref _raised);

    public long Escalated => Interlocked.Read(ref _escalated);

    public long Acknowledged => Interlocked.Read(ref _acknowledged);

    public long Cleared => Interlocked.Read(ref _cleared);

    public void WindowScored(bool flagged)
    {
        Interlocked.Increment(ref _scored);
        if (flagged)
        {
            Interlocked.Increment(ref _flagged);
        }
    }

    /// <summary>Counts a change announced by the alert rules (<c>AlertChange</c> names).</summary>
    public void AlertChanged(string change)
    {
        switch (change)
        {
            case "raised":
                Interlocked.Increment(ref _raised);
                break;
            case "escalated":
                Interlocked.Increment(ref _escalated);
                break;
            case "acknowledged":
                Interlocked.Increment(ref _acknowledged);
                break;
            case "cleared":
                Interlocked.Increment(ref _cleared);
                break;
        }
    }

    public void Dispose() => _meter.Dispose();
}
