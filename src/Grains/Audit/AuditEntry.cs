namespace DigitalTwin.Grains.Audit;

/// <summary>
/// One recorded API call: who (the caller's name and role), what (method, route template, the twin it concerned),
/// when, from where (the remote address) and the outcome (the HTTP status). <see cref="Id"/> orders entries and is
/// assigned by the log.
/// </summary>
public sealed record AuditEntry(
    long Id,
    DateTimeOffset At,
    string Actor,
    string Role,
    string Method,
    string Route,
    string? TwinId,
    string? RemoteAddress,
    int Status)
{
    public AuditOutcome Outcome => AuditOutcomes.Of(Status);
}
