using DigitalTwin.Grains.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DigitalTwin.Api.Security;

/// <summary>The authorization policy every API route and the Orleans Dashboard sit behind.</summary>
public static class ApiPolicies
{
    public const string Api = "dtn-api";

    public static IServiceCollection AddApiSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ApiAuthOptions>().Bind(configuration.GetSection(ApiAuthOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ApiAuthOptions>, ApiAuthOptionsValidator>();
        services.AddSecurityRequirement<ApiAuthenticationRequirement>();
        services.AddAuthentication(BearerTokenHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, null);

        var enforced = (configuration.GetSection(ApiAuthOptions.SectionName).Get<ApiAuthOptions>() ?? new ApiAuthOptions()).Enforced;
        services.AddAuthorizationBuilder().AddPolicy(Api, policy =>
        {
            if (enforced)
            {
                policy.RequireAuthenticatedUser();
            }
            else
            {
                // Development default: open, but the routes already carry the policy that enforcement tightens.
                policy.RequireAssertion(_ => true);
            }
        });
        return services;
    }
}
