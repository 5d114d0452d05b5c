namespace DigitalTwin.Api.Security;

/// <summary>
/// One machine client's API key, bound from <c>Api:Auth:ApiKeys:N</c>. Give either the key itself or, better, only
/// its SHA-256 (<c>KeyHash</c>, 64 hex digits) so the configuration holds no usable secret: a key of 32+ random
/// characters is too long to guess from its hash.
/// </summary>
public sealed class ApiKeyOptions
{
    public const int MinKeyLength = 32;

    /// <summary>Who the key belongs to: the caller's name in the audit log and the rate limiter.</summary>
    public string Name { get; set; } = "";

    /// <summary>The key in plain text, at least <see cref="MinKeyLength"/> characters. Never logged.</summary>
    public string? Key { get; set; }

    /// <summary>The SHA-256 of the key's UTF-8 bytes, hex (e.g. <c>printf %s "$KEY" | sha256sum</c>).</summary>
    public string? KeyHash { get; set; }

    /// <summary><c>viewer</c>, <c>operator</c> or <c>admin</c>.</summary>
    public string Role { get; set; } = ApiRoles.Viewer;
}
