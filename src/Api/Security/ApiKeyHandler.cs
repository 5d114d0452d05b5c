using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DigitalTwin.Api.Security;

/// <summary>
/// Authenticates an API key sent as <c>X-Api-Key: &lt;key&gt;</c> or <c>Authorization: ApiKey &lt;key&gt;</c>, and the
/// deprecated tokens sent as <c>Authorization: Bearer &lt;token&gt;</c>. Also answers every challenge of the API, so a
/// refused caller learns both ways in whichever scheme looked at its request.
/// </summary>
internal sealed class ApiKeyHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyRing keys) : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, logger, encoder)
{
    private const string ApiKeyPrefix = "ApiKey ";

    private const string BearerPrefix = "Bearer ";

    /// <summary>The claim naming which key authenticated the caller (<see cref="ApiKeyIdentity.Fingerprint"/>).</summary>
    public const string KeyFingerprintClaim = "dtn_key";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = Presented();
        if (presented is null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (keys.Find(presented) is not { } holder)
        {
            return Task.FromResult(AuthenticateResult.Fail("unknown API key"));
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, holder.Name), new Claim(ApiRoles.ClaimType, ApiRoles.NameOf(holder.Role)), new Claim(KeyFingerprintClaim, holder.Fingerprint)],
            ApiAuthSchemes.ApiKey,
            ClaimTypes.Name,
            ApiRoles.ClaimType);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), ApiAuthSchemes.ApiKey)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        // A person opening the Orleans Dashboard is sent to the web dashboard's login, which opens a session and
        // comes back; its own data requests (JSON) are answered like any API call.
        if (HttpMethods.IsGet(Request.Method) && Request.Path.StartsWithSegments(ApiPolicies.OrleansDashboardPath)
            && Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase))
        {
            Response.Redirect($"/?next={Uri.EscapeDataString(Request.Path.Value!)}#/login");
            return Task.CompletedTask;
        }

        Response.Headers.WWWAuthenticate = new(["Bearer", $"ApiKey header=\"{ApiAuthSchemes.ApiKeyHeader}\""]);
        Response.StatusCode = 401;
        return Task.CompletedTask;
    }

    private string? Presented()
    {
        if (Request.Headers.TryGetValue(ApiAuthSchemes.ApiKeyHeader, out var header))
        {
            return header.ToString().Trim();
        }

        var authorization = Request.Headers.Authorization.ToString();
        foreach (var prefix in (ReadOnlySpan<string>)[ApiKeyPrefix, BearerPrefix])
        {
            if (authorization.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return authorization[prefix.Length..].Trim();
            }
        }

        return null;
    }
}
