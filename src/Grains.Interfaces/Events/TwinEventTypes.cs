namespace DigitalTwin.Grains.Interfaces.Events;

/// <summary>The event types of the live feeds, as consumers see them in <c>"type"</c> and subscribe to in <c>"events"</c>.</summary>
public static class TwinEventTypes
{
    /// <summary>A twin changed: the same JSON as the MQTT <c>twin/{id}/update</c> message.</summary>
    public const string TwinUpdate = "twin_update";

    /// <summary>The presence a device announced changed (a status message, its last will, or its first traffic).</summary>
    public const string Presence = "presence";

    /// <summary>A device reported an error on <c>device/{id}/error</c>.</summary>
    public const string Alert = "alert";

    /// <summary>
    /// An anomaly alert of the twin's network behaviour was raised, escalated, acknowledged or cleared: the same JSON
    /// as the MQTT <c>twin/{id}/alert</c> message. Not <see cref="Alert"/>, which stays what devices report.
    /// </summary>
    public const string AnomalyAlert = "anomaly_alert";

    /// <summary>A command sent to a device changed status (sent, acknowledged, failed, timed out).</summary>
    public const string CommandStatus = "command_status";
}
