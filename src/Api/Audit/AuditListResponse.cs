using DigitalTwin.Grains.Audit;

namespace DigitalTwin.Api.Audit;

/// <summary>
/// A page of the audit log, newest first. <c>next_cursor</c> continues after the page's last entry (pass it as
/// <c>cursor</c> with the same filters); null when no older entry matches.
/// </summary>
internal sealed record AuditListResponse(int Count, int Limit, IReadOnlyList<AuditEntry> Entries, string? NextCursor);
