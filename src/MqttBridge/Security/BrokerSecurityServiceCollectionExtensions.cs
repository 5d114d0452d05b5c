using DigitalTwin.Grains.Credentials;
using DigitalTwin.Grains.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DigitalTwin.MqttBridge.Security;

internal static class BrokerSecurityServiceCollectionExtensions
{
    /// <summary>Broker authentication, topic ACL and device limits (<c>Mqtt:Auth</c>, <c>Mqtt:DeviceLimits</c>), and what production needs of them.</summary>
    public static IServiceCollection AddBrokerSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BrokerAuthOptions>().Bind(configuration.GetSection(BrokerAuthOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<BrokerAuthOptions>, BrokerAuthOptionsValidator>();
        services.AddOptions<DeviceLimitOptions>().Bind(configuration.GetSection(DeviceLimitOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DeviceLimitOptions>, DeviceLimitOptionsValidator>();
        services.AddSecurityRequirement<DeviceAuthenticationRequirement>();
        services.AddSingleton(sp => new BrokerAccounts(sp.GetRequiredService<IOptions<BrokerAuthOptions>>().Value));
        services.AddSingleton(sp => new VerificationCache(sp.GetRequiredService<IOptions<BrokerAuthOptions>>().Value.VerificationCacheSize));
        services.AddSingleton(sp => new FailureBackoff(sp.GetRequiredService<IOptions<BrokerAuthOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IDeviceCredentialSource, GrainCredentialSource>();
        services.AddSingleton<BrokerAuthentication>();
        services.AddSingleton<BrokerAccessGuard>();
        services.AddSingleton<IDeviceSessions, MqttDeviceSessions>();
        services.AddSingleton<RevokedSessions>();
        services.AddHostedService<RevocationSweep>();
        return services;
    }
}
