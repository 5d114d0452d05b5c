using System.Globalization;
using System.Security.Claims;
using DigitalTwin.Api.Security;
using Microsoft.Extensions.Options;

namespace DigitalTwin.Api.Sessions;

/// <summary>
/// What a browser session holds and how long it may last: the caller's name and highest role, and the credential it
/// was opened with. A session never outlives that credential: one opened with a JWT ends when the token expires, and
/// one opened with an API key ends as soon as that very key no longer grants its role (it was removed, replaced by
/// another of the same name, or lowered), on whichever silo the browser calls next.
/// </summary>
internal sealed class SessionTickets(ApiKeyRing keys, IOptions<ApiAuthOptions> auth, TimeProvider clock)
{
    /// <summary>The credential a session was opened with: <see cref="ViaApiKey"/> or <see cref="ViaJwt"/>.</summary>
    public const string ViaClaim = "dtn_session_via";

    public const string ViaApiKey = "api_key";

    public const string ViaJwt = "jwt";

    /// <summary>
    /// The session for <paramref name="caller"/>, authenticated by a key or a JWT; null, with the reason, when the
    /// caller came with a session itself (a session renewing itself would never end) or holds no role.
    /// </summary>
    public SessionTicket? Open(ClaimsPrincipal caller, out string? refusal)
    {
        refusal = null;
        var via = caller.Identity?.AuthenticationType switch
        {
            ApiAuthSchemes.ApiKey => ViaApiKey,
            ApiAuthSchemes.Session => null,
            _ => ViaJwt,
        };
        if (via is null)
        {
            refusal = $"a session is opened with an API key ({ApiAuthSchemes.ApiKeyHeader}) or a JWT (Authorization: Bearer), not with the session cookie";
            return null;
        }

        if (ApiRoles.HighestOf(caller) is not { } role || caller.Identity?.Name is not { Length: > 0 } name)
        {
            refusal = "the credential names no caller or grants no role";
            return null;
        }

        var now = clock.GetUtcNow();
        var expires = now + auth.Value.Session.Lifetime;
        if (via == ViaJwt && Expiry(caller) is { } tokenExpires && tokenExpires < expires)
        {
            // A token accepted within the clock skew past its expiry would open a session that is over already.
            if (tokenExpires <= now)
            {
                refusal = "the JWT has expired: log in with a fresh one";
                return null;
            }

            expires = tokenExpires;
        }

        List<Claim> claims = [new Claim(ClaimTypes.Name, name), new Claim(ApiRoles.ClaimType, ApiRoles.NameOf(role)), new Claim(ViaClaim, via)];
        if (via == ViaApiKey)
        {
            if (caller.FindFirst(ApiKeyHandler.KeyFingerprintClaim)?.Value is not { Length: > 0 } fingerprint)
            {
                refusal = "the API key's identity names no key";
                return null;
            }

            claims.Add(new Claim(ApiKeyHandler.KeyFingerprintClaim, fingerprint));
        }

        var identity = new ClaimsIdentity(claims, ApiAuthSchemes.Session, ClaimTypes.Name, ApiRoles.ClaimType);
        return new SessionTicket(new ClaimsPrincipal(identity), name, role, now, expires);
    }

    /// <summary>False when the key a session was opened with no longer grants the session's role.</summary>
    public bool StillHeld(ClaimsPrincipal session)
    {
        if (ApiRoles.HighestOf(session) is not { } role || session.Identity?.Name is not { Length: > 0 } name)
        {
            return false;
        }

        return session.FindFirst(ViaClaim)?.Value switch
        {
            ViaApiKey => session.FindFirst(ApiKeyHandler.KeyFingerprintClaim)?.Value is { } fingerprint && keys.Grants(name, fingerprint, role),

            // The ticket's expiry is the token's: nothing else about a JWT can be checked without the token.
            ViaJwt => auth.Value.Jwt.Enabled,
            _ => false,
        };
    }

    private static DateTimeOffset? Expiry(ClaimsPrincipal caller) =>
        long.TryParse(caller.FindFirst("exp")?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
}
