namespace DigitalTwin.Api.Security;

/// <summary>
/// Who may call the API and open the Orleans Dashboard. Bound from <c>Api:Auth</c>. With nothing configured
/// (the development default) every route is open; with JWT, API keys or tokens configured, every route but the
/// health probe and the API documentation needs a credential whose role the route allows.
/// </summary>
public sealed class ApiAuthOptions
{
    public const string SectionName = "Api:Auth";

    public const int MinTokenLength = 16;

    /// <summary>
    /// Deprecated: bearer tokens from before roles, each at least <see cref="MinTokenLength"/> characters. Each is an
    /// admin API key named <c>token-N</c>, sent as <c>Authorization: Bearer</c>; move them to <see cref="ApiKeys"/>.
    /// </summary>
    public string[] Tokens { get; set; } = [];

    /// <summary>API keys of machine clients, each with a name and a role.</summary>
    public ApiKeyOptions[] ApiKeys { get; set; } = [];

    /// <summary>JWT bearer tokens from an identity provider.</summary>
    public JwtAuthOptions Jwt { get; set; } = new();

    /// <summary>Browser sessions opened with a key or a JWT.</summary>
    public ApiSessionOptions Session { get; set; } = new();

    public bool Enforced => Tokens.Length > 0 || ApiKeys.Length > 0 || Jwt.Enabled;
}
