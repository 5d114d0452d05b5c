using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DigitalTwin.Grains.Security;

public static class SecurityServiceCollectionExtensions
{
    /// <summary>Binds <see cref="SecurityOptions"/> and checks them, with every registered requirement, at start-up.</summary>
    public static IServiceCollection AddSecurityMode(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SecurityOptions>().Bind(configuration.GetSection(SecurityOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SecurityOptions>, SecurityOptionsValidator>());
        return services;
    }

    /// <summary>Adds one thing production mode needs; the start-up check asks it for gaps.</summary>
    public static IServiceCollection AddSecurityRequirement<TRequirement>(this IServiceCollection services)
        where TRequirement : class, ISecurityRequirement
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISecurityRequirement, TRequirement>());
        return services;
    }
}
