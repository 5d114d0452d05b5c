namespace DigitalTwin.Grains.Interfaces.Alerts;

/// <summary>Where an anomaly alert is in its life: raised and still seen, or cleared (by normal traffic or a person).</summary>
public enum AlertStatus
{
    Active,
    Cleared,
}
