using DigitalTwin.Api.Sessions;
using DigitalTwin.Grains.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.AspNetCore.Http;
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

    /// <summary>Where the silo maps the Orleans Dashboard, behind <see cref="Admin"/>.</summary>
    public const string OrleansDashboardPath = "/dashboard";

    /// <summary>The data protection application name: silos sharing it (and the key ring) read each other's session cookies.</summary>
    public const string DataProtectionApplication = "digital-twin-network";

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
                    context.Request.Cookies.ContainsKey(ApiAuthSchemes.SessionCookie),
                    jwtEnabled);
                selector.ForwardChallenge = ApiAuthSchemes.ApiKey;
                selector.ForwardForbid = ApiAuthSchemes.ApiKey;
            })
            .AddScheme<AuthenticationSchemeOptions, ApiKeyHandler>(ApiAuthSchemes.ApiKey, null)
            .AddJwtBearer(ApiAuthSchemes.Jwt, _ => { })
            .AddCookie(ApiAuthSchemes.Session, session => ConfigureSession(session, options.Session));

        // The session cookie is sealed with the data protection key ring. In PostgreSQL mode the ring lives in the
        // database (every silo reads a cookie another issued); in memory mode, with one silo, in its memory.
        services.AddDataProtection().SetApplicationName(DataProtectionApplication);
        // After every Configure, so a key ring configured elsewhere (PostgreSQL) always wins, whatever the order.
        services.PostConfigure<KeyManagementOptions>(keys =>
        {
            if (keys.XmlRepository is null)
            {
                // Keys that never leave the process need no encryption at rest (and data protection's warning that
                // they lack it would mislead here).
                keys.XmlRepository = new SiloMemoryKeyRing();
                keys.XmlEncryptor = new NullXmlEncryptor();
            }
        });
        services.AddSingleton<SessionTickets>();

        var authorization = services.AddAuthorizationBuilder();
        foreach (var (policy, role) in Roles)
        {
            authorization.AddPolicy(policy, builder => Require(builder, options.Enforced, role));
        }

        authorization.AddPolicy(Api, builder => Require(builder, options.Enforced, null));
        return services;
    }

    private static void ConfigureSession(CookieAuthenticationOptions session, ApiSessionOptions options)
    {
        session.Cookie.Name = ApiAuthSchemes.SessionCookie;
        session.Cookie.HttpOnly = true;
        session.Cookie.SameSite = SameSiteMode.Strict;
        session.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        session.Cookie.Path = "/";
        session.ExpireTimeSpan = options.Lifetime;
        session.SlidingExpiration = false;

        // An API answers in status codes: challenges go through the selector to the key scheme (401 with both ways
        // in), and nothing redirects to a login page.
        session.Events.OnRedirectToLogin = context => Status(context.Response, StatusCodes.Status401Unauthorized);
        session.Events.OnRedirectToAccessDenied = context => Status(context.Response, StatusCodes.Status403Forbidden);
        session.Events.OnValidatePrincipal = async context =>
        {
            if (context.Principal is null || !context.HttpContext.RequestServices.GetRequiredService<SessionTickets>().StillHeld(context.Principal))
            {
                context.RejectPrincipal();
                await context.HttpContext.SignOutAsync(ApiAuthSchemes.Session);
            }
        };
    }

    private static Task Status(HttpResponse response, int status)
    {
        response.StatusCode = status;
        return Task.CompletedTask;
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
