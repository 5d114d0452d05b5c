namespace DigitalTwin.Grains.Interfaces.Alerts;

/// <summary>How bad an anomaly alert is, from the highest score of its windows (the same names as device-reported alerts).</summary>
public enum AlertSeverity
{
    Warning,
    Critical,
}
