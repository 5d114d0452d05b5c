namespace DigitalTwin.Api.Security;

/// <summary>What a caller of the API may do; each role includes the ones below it (admin ⊃ operator ⊃ viewer).</summary>
public enum ApiRole
{
    /// <summary>Reads: twins, telemetry, alerts, devices, feeds, metrics, dataset exports.</summary>
    Viewer = 1,

    /// <summary>Runs the fleet: commands and command jobs, desired state, alert acknowledgement and clearing.</summary>
    Operator = 2,

    /// <summary>Changes what exists: creates, replaces and deletes twins, lifecycle, credentials, audit, the Orleans Dashboard.</summary>
    Admin = 3,
}
