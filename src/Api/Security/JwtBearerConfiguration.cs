using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace DigitalTwin.Api.Security;

/// <summary>
/// Configures the JWT scheme from <see cref="JwtAuthOptions"/>: signed tokens only, issuer, audience and lifetime
/// always checked, claims kept under their own names, and the configured role claims turned into
/// <see cref="ApiRoles.ClaimType"/>.
/// </summary>
internal sealed class JwtBearerConfiguration(IOptions<ApiAuthOptions> auth) : IConfigureNamedOptions<JwtBearerOptions>
{
    public void Configure(string? name, JwtBearerOptions options)
    {
        if (name == ApiAuthSchemes.Jwt)
        {
            Configure(options);
        }
    }

    public void Configure(JwtBearerOptions options)
    {
        var jwt = auth.Value.Jwt;
        if (!jwt.Enabled)
        {
            return;
        }

        options.Authority = string.IsNullOrWhiteSpace(jwt.Authority) ? null : jwt.Authority;
        options.MetadataAddress = string.IsNullOrWhiteSpace(jwt.MetadataAddress) ? null! : jwt.MetadataAddress;
        options.RequireHttpsMetadata = jwt.RequireHttpsMetadata;
        options.MapInboundClaims = false;

        // The reason a token was refused goes to the log, not to the caller.
        options.IncludeErrorDetails = false;
        options.TokenValidationParameters = new TokenValidationParameters
        {
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateLifetime = true,
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateIssuerSigningKey = true,
            ValidIssuers = jwt.Issuers.Length > 0 ? jwt.Issuers : null,
            ValidAudiences = jwt.Audiences,
            IssuerSigningKeys = JwtSigningKeys.Load(jwt),
            ClockSkew = jwt.ClockSkew,
            NameClaimType = ClaimTypes.Name,
            RoleClaimType = ApiRoles.ClaimType,
        };
        options.Events = new JwtBearerEvents
        {
            OnTokenValidated = context =>
            {
                if (context.Principal?.Identity is ClaimsIdentity identity)
                {
                    AddApiClaims(identity, jwt);
                }

                return Task.CompletedTask;
            },
        };
    }

    /// <summary>Adds the caller's name and the roles its token's role claims name (unknown values are ignored).</summary>
    internal static void AddApiClaims(ClaimsIdentity identity, JwtAuthOptions jwt)
    {
        if (identity.FindFirst(jwt.NameClaim)?.Value is { Length: > 0 } caller)
        {
            identity.AddClaim(new Claim(ClaimTypes.Name, caller));
        }

        var roles = identity.Claims
            .Where(c => jwt.RoleClaims.Contains(c.Type, StringComparer.Ordinal))
            .Select(c => ApiRoles.Parse(c.Value))
            .OfType<ApiRole>()
            .Distinct()
            .ToList();
        foreach (var role in roles)
        {
            identity.AddClaim(new Claim(ApiRoles.ClaimType, ApiRoles.NameOf(role)));
        }
    }
}
