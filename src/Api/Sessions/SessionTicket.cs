using System.Security.Claims;
using DigitalTwin.Api.Security;

namespace DigitalTwin.Api.Sessions;

/// <summary>A browser session about to be opened: who it is for, with what role, from when until when.</summary>
internal sealed record SessionTicket(ClaimsPrincipal Principal, string Name, ApiRole Role, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt);
