using DigitalTwin.Grains.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DigitalTwin.Api.Security;

/// <summary>
/// The authorization policies of the API: one per role (<see cref="Viewer"/>, <see cref="Operator"/>,
/// <see cref="Admin"/>), and every route carries one of them or is explicitly anonymous — the silo refuses to start
/// otherwise (<see cref="RouteRoles"/>).
/// </summary>
public static class ApiPolicies
{
    /// <summary>Reads: needs the viewer role or above.</summary>
    public const string Viewer = "dtn-viewer";

    /// <summary>Commands, desired state, alert acknowledgement: needs the operator role or above.</summary>
    public const string Operator = "dtn-operator";

    /// <summary>Creating, changing and deleting twins, lifecycle, credentials, audit, the Orleans Dashboard: needs admin.</summary>
    public const string Admin = "dtn-admin";

    /// <summary>
    /// Any authenticated caller, whatever its role. Not a role policy: kept so routes written before roles still
    /// compile, but the route check refuses a route that carries only this one.
    /// </summary>
    public const string Api = "dtn-api";

    /// <summary>The role each role policy needs.</summary>
    public static readonly IReadOnlyDictionary<string, ApiRole> Roles = new Dictionary<string, ApiRole>
    {
        [Viewer] = ApiRole.Viewer,
        [Operator] = ApiRole.Operator,
        [Admin] = ApiRole.Admin,
    };

    public static IServiceCollection AddApiSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ApiAuthOptions>().Bind(configuration.GetSection(ApiAuthOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ApiAuthOptions>, ApiAuthOptionsValidator>();
        services.AddSecurityRequirement<ApiAuthenticationRequirement>();
        services.AddSingleton(sp => new ApiKeyRing(sp.GetRequiredService<IOptions<ApiAuthOptions>>().Value));
        services.AddSingleton<IConfigureOptions<JwtBearerOptions>, JwtBearerConfiguration>();

        var options = configuration.GetSection(ApiAuthOptions.SectionName).Get<ApiAuthOptions>() ?? new ApiAuthOptions();
        var jwtEnabled = options.Jwt.Enabled;
        services.AddAuthentication(ApiAuthSchemes.Selector)
            .AddPolicyScheme(ApiAuthSchemes.Selector, null, selector =>
            {
                selector.ForwardDefaultSelector = context => ApiAuthSchemes.Select(
                    context.Request.Headers.Authorization.ToString() is { Length: > 0 } value ? value : null,
                    context.Request.Headers.ContainsKey(ApiAuthSchemes.ApiKeyHeader),
                    jwtEnabled);
                selector.ForwardChallenge = ApiAuthSchemes.ApiKey;
                selector.ForwardForbid = ApiAuthSchemes.ApiKey;
            })
            .AddScheme<AuthenticationSchemeOptions, ApiKeyHandler>(ApiAuthSchemes.ApiKey, null)
            .AddJwtBearer(ApiAuthSchemes.Jwt, _ => { });

        var authorization = services.AddAuthorizationBuilder();
        foreach (var (policy, role) in Roles)
        {
            authorization.AddPolicy(policy, builder => Require(builder, options.Enforced, role));
        }

        authorization.AddPolicy(Api, builder => Require(builder, options.Enforced, null));
        return services;
    }

    private static void Require(AuthorizationPolicyBuilder policy, bool enforced, ApiRole? role)
    {
        if (!enforced)
        {
            // Development default: open, but the routes already carry the policies that enforcement tightens.
            policy.RequireAssertion(_ => true);
            return;
        }

        policy.RequireAuthenticatedUser();
        if (role is { } needed)
        {
            policy.RequireAssertion(context => ApiRoles.Grants(context.User, needed));
        }
    }
}
