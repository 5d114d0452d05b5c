namespace DigitalTwin.Api.Security;

/// <summary>
/// JWT bearer tokens from an identity provider, bound from <c>Api:Auth:Jwt</c>. Either the provider's discovery
/// document (<see cref="Authority"/> or <see cref="MetadataAddress"/>: any OpenID Connect provider, keys fetched and
/// refreshed from it) or keys given here for offline validation (<see cref="SigningKeys"/>, <see cref="PublicKeys"/>).
/// Tokens must be signed (never <c>alg: none</c>), unexpired, and carry the configured audience and issuer.
/// </summary>
public sealed class JwtAuthOptions
{
    /// <summary>The provider's base address; its <c>/.well-known/openid-configuration</c> gives the issuer and keys.</summary>
    public string? Authority { get; set; }

    /// <summary>The discovery document's address, when it is not under <see cref="Authority"/>.</summary>
    public string? MetadataAddress { get; set; }

    /// <summary>Whether discovery must use HTTPS. Switch off only for a provider on a trusted local network.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>Accepted issuers (<c>iss</c>); required without discovery, which then supplies it.</summary>
    public string[] Issuers { get; set; } = [];

    /// <summary>Accepted audiences (<c>aud</c>); at least one.</summary>
    public string[] Audiences { get; set; } = [];

    /// <summary>HMAC keys (HS256/384/512), base64, each at least 32 bytes.</summary>
    public string[] SigningKeys { get; set; } = [];

    /// <summary>RSA or EC public keys or certificates (RS*, PS*, ES*), each PEM text or the path of a PEM file.</summary>
    public string[] PublicKeys { get; set; } = [];

    /// <summary>The claims whose values name the caller's role (<c>viewer</c>, <c>operator</c>, <c>admin</c>).</summary>
    public string[] RoleClaims { get; set; } = ["role", "roles"];

    /// <summary>The claim that names the caller in the audit log and the rate limiter.</summary>
    public string NameClaim { get; set; } = "sub";

    /// <summary>Tolerance for clock differences when checking <c>exp</c> and <c>nbf</c>.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    public bool UsesDiscovery => !string.IsNullOrWhiteSpace(Authority) || !string.IsNullOrWhiteSpace(MetadataAddress);

    public bool Enabled => UsesDiscovery || SigningKeys.Length > 0 || PublicKeys.Length > 0;
}
