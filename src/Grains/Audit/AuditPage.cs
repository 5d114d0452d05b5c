namespace DigitalTwin.Grains.Audit;

/// <summary>A page of audit entries, newest first; <see cref="NextBefore"/> is the position to continue from, null at the end.</summary>
public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, long? NextBefore);
