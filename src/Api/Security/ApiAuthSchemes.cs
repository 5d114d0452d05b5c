namespace DigitalTwin.Api.Security;

/// <summary>The authentication schemes of the API and how a request picks one.</summary>
internal static class ApiAuthSchemes
{
    /// <summary>The default scheme: forwards each request to <see cref="Jwt"/>, <see cref="ApiKey"/> or <see cref="Session"/> by what it carries.</summary>
    public const string Selector = "dtn";

    public const string Jwt = "Jwt";

    public const string ApiKey = "ApiKey";

    public const string ApiKeyHeader = "X-Api-Key";

    /// <summary>A browser's session, opened with a key or a JWT at <c>POST /api/v1/session</c> and carried in <see cref="SessionCookie"/>.</summary>
    public const string Session = "Session";

    public const string SessionCookie = "dtn_session";

    /// <summary>
    /// A JWT (three base64url parts) in <c>Authorization: Bearer</c> goes to <see cref="Jwt"/> when JWT is configured;
    /// a request with no credential header but a session cookie to <see cref="Session"/>; everything else —
    /// <c>X-Api-Key</c>, <c>Authorization: ApiKey</c>, an opaque (deprecated) bearer token, or nothing — to
    /// <see cref="ApiKey"/>, whose challenge names both ways in. A credential header always wins over the cookie, so a
    /// script calling with its own key is judged by that key, not by the browser session it runs in.
    /// </summary>
    public static string Select(string? authorization, bool hasApiKeyHeader, bool hasSessionCookie, bool jwtEnabled)
    {
        if (!hasApiKeyHeader && authorization is null && hasSessionCookie)
        {
            return Session;
        }

        if (hasApiKeyHeader || !jwtEnabled || authorization is null || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return ApiKey;
        }

        var token = authorization.AsSpan(7).Trim();
        return token.Count('.') == 2 ? Jwt : ApiKey;
    }
}
