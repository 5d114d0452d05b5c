namespace DigitalTwin.Api.Sessions;

/// <summary>
/// The session a login opened: who the API takes the browser for, its role, and when the session ends. With API
/// authentication off no session is opened (<c>authenticated</c> false, no expiry): every caller may do everything.
/// </summary>
internal sealed record SessionResponse(string Name, string Role, bool Authenticated, DateTimeOffset? ExpiresAt);
