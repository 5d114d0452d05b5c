namespace DigitalTwin.Api.System;

/// <summary>Requests the silo that answered refused at the API's edge: no valid credential (401), role too low (403), over the rate limit (429); and audit entries dropped because the audit log's write queue was full.</summary>
internal sealed record ApiRefusalCounts(long Unauthenticated, long Forbidden, long Throttled, long AuditDropped);
