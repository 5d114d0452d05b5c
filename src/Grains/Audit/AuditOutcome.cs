namespace DigitalTwin.Grains.Audit;

/// <summary>How an audited call ended.</summary>
public enum AuditOutcome
{
    /// <summary>2xx/3xx: the call did what it asked.</summary>
    Succeeded,

    /// <summary>401 or 403: turned away for want of a credential or of a role.</summary>
    Refused,

    /// <summary>Any other 4xx or 5xx: allowed, but it changed nothing (validation, not found, conflict) or failed.</summary>
    Failed,
}
