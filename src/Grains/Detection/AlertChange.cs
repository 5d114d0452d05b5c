using DigitalTwin.Grains.Interfaces.Alerts;

namespace DigitalTwin.Grains.Detection;

/// <summary>An alert as it is after a change worth announcing, and the change: <c>raised</c>, <c>escalated</c>, <c>acknowledged</c> or <c>cleared</c>.</summary>
public sealed record AlertChange(AnomalyAlert Alert, string Change)
{
    public const string Raised = "raised", Escalated = "escalated", Acknowledged = "acknowledged", Cleared = "cleared";
}
