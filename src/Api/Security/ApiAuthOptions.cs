namespace DigitalTwin.Api.Security;

/// <summary>
/// Who may call the API and open the Orleans Dashboard. Bound from <c>Api:Auth</c>. With no token configured
/// (the development default) every route is open; with tokens, every route but the health probe and the API
/// documentation needs <c>Authorization: Bearer &lt;token&gt;</c>.
/// </summary>
public sealed class ApiAuthOptions
{
    public const string SectionName = "Api:Auth";

    public const int MinTokenLength = 16;

    /// <summary>Accepted bearer tokens, each at least <see cref="MinTokenLength"/> characters. Never logged.</summary>
    public string[] Tokens { get; set; } = [];

    public bool Enforced => Tokens.Length > 0;
}
