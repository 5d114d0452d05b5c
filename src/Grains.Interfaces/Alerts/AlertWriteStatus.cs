namespace DigitalTwin.Grains.Interfaces.Alerts;

/// <summary>The outcome of acknowledging or clearing an alert.</summary>
public enum AlertWriteStatus
{
    /// <summary>The alert changed.</summary>
    Done,

    /// <summary>It already was so (acknowledged, or cleared): nothing changed.</summary>
    Unchanged,

    /// <summary>The twin holds no alert of that number (never raised, or dropped from its bounded list).</summary>
    AlertNotFound,

    /// <summary>No such twin.</summary>
    TwinNotFound,
}
