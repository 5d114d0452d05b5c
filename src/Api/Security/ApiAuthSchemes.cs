namespace DigitalTwin.Api.Security;

/// <summary>The authentication schemes of the API and how a request picks one.</summary>
internal static class ApiAuthSchemes
{
    /// <summary>The default scheme: forwards each request to <see cref="Jwt"/> or <see cref="ApiKey"/> by what it carries.</summary>
    public const string Selector = "dtn";

    public const string Jwt = "Jwt";

    public const string ApiKey = "ApiKey";

    public const string ApiKeyHeader = "X-Api-Key";

    /// <summary>
    /// A JWT (three base64url parts) in <c>Authorization: Bearer</c> goes to <see cref="Jwt"/> when JWT is configured;
    /// everything else — <c>X-Api-Key</c>, <c>Authorization: ApiKey</c>, an opaque (deprecated) bearer token, or
    /// nothing — to <see cref="ApiKey"/>, whose challenge names both ways in.
    /// </summary>
    public static string Select(string? authorization, bool hasApiKeyHeader, bool jwtEnabled)
    {
        if (hasApiKeyHeader || !jwtEnabled || authorization is null || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return ApiKey;
        }

        var token = authorization.AsSpan(7).Trim();
        return token.Count('.') == 2 ? Jwt : ApiKey;
    }
}
