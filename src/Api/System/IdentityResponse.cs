namespace DigitalTwin.Api.System;

/// <summary>
/// Who the API takes the caller for: the name it records in the audit log and on acknowledged alerts, the caller's
/// role, and whether API authentication is on at all (when it is off everyone may do everything, as <c>admin</c>).
/// </summary>
internal sealed record IdentityResponse(string Name, string Role, bool Authenticated);
