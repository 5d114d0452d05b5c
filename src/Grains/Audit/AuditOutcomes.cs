namespace DigitalTwin.Grains.Audit;

/// <summary>The one mapping of HTTP statuses to <see cref="AuditOutcome"/>, shared by every audit log and its filters.</summary>
public static class AuditOutcomes
{
    public static AuditOutcome Of(int status) => status switch
    {
        < 400 => AuditOutcome.Succeeded,
        401 or 403 => AuditOutcome.Refused,
        _ => AuditOutcome.Failed,
    };
}
