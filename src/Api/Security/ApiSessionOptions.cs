namespace DigitalTwin.Api.Security;

/// <summary>
/// Browser sessions, bound from <c>Api:Auth:Session</c>: a person logs in once with an API key or a JWT at
/// <c>POST /api/v1/session</c> and the browser then carries an HttpOnly cookie to the API, the live feeds, the web
/// dashboard and the Orleans Dashboard, which cannot send credential headers themselves.
/// </summary>
public sealed class ApiSessionOptions
{
    public static readonly TimeSpan MinLifetime = TimeSpan.FromMinutes(1);

    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(7);

    /// <summary>How long a session lasts from its login (never past the expiry of the JWT it was opened with).</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(8);
}
