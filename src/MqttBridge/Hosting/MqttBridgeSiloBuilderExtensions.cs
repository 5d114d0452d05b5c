using DigitalTwin.Behaviour.Wire;
using DigitalTwin.Grains.Diagnostics;
using DigitalTwin.Grains.Hosting;
using DigitalTwin.Grains.Outbound;
using DigitalTwin.Grains.Security;
using DigitalTwin.MqttBridge.Broker;
using DigitalTwin.MqttBridge.Ingress;
using DigitalTwin.MqttBridge.Outbound;
using DigitalTwin.MqttBridge.Security;
using DigitalTwin.Wire.Payloads;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet.Server;

namespace DigitalTwin.MqttBridge.Hosting;

public static class MqttBridgeSiloBuilderExtensions
{
    /// <summary>
    /// Runs the embedded MQTT broker in the silo and bridges device topics to twins over the device stream.
    /// Call after <c>AddTwins</c>: the broker starts after the silo and stops before it.
    /// </summary>
    public static ISiloBuilder AddMqttBridge(this ISiloBuilder silo, IConfiguration configuration)
    {
        silo.Services.AddMqttBridge(configuration);
        return silo;
    }

    public static IServiceCollection AddMqttBridge(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MqttBridgeOptions>().Bind(configuration.GetSection(MqttBridgeOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MqttBridgeOptions>, MqttBridgeOptionsValidator>();
        services.AddSingleton<IValidateOptions<MqttBridgeOptions>, MqttTlsOptionsValidator>();
        services.AddSecurityRequirement<MqttTransportRequirement>();
        services.AddSingleton(sp => new BrokerTransportSecurity(
            sp.GetRequiredService<IOptions<MqttBridgeOptions>>().Value,
            sp.GetRequiredService<IOptions<SecurityOptions>>().Value,
            sp.GetRequiredService<BrokerSecurityMetrics>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton(sp => new DevicePayloadParser(
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<TwinOptions>>().Value.MaxClockSkew));
        services.AddSingleton(sp => new NetworkPayloadParser(
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<TwinOptions>>().Value.MaxClockSkew));
        services.AddSingleton<DeviceMessageIngress>();
        services.AddSingleton<MqttNetLogBridge>();
        services.AddSingleton<MessageExpiry>();
        services.AddSingleton<ConnectionTeardowns>();
        services.AddSingleton<MqttListener>();
        services.AddSingleton<ConformingServerAdapter>();
        services.AddBrokerSecurity(configuration);
        services.AddSingleton(sp => EmbeddedMqttBroker.CreateServer(
            sp.GetRequiredService<IOptions<MqttBridgeOptions>>().Value,
            sp.GetRequiredService<ConformingServerAdapter>(),
            sp.GetRequiredService<MqttNetLogBridge>()));
        services.AddSingleton(sp => new EmbeddedMqttBroker(
            sp.GetRequiredService<MqttServer>(),
            sp.GetRequiredService<IOptions<MqttBridgeOptions>>(),
            sp.GetRequiredService<DeviceMessageIngress>(),
            sp.GetRequiredService<MessageExpiry>(),
            sp.GetRequiredService<IngestMetrics>(),
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<EmbeddedMqttBroker>>(),
            sp.GetRequiredService<BrokerTransportSecurity>(),
            sp.GetRequiredService<IOptions<BrokerAuthOptions>>().Value.Enabled ? sp.GetRequiredService<BrokerAccessGuard>() : null));
        services.AddSingleton<WideSubscriptions>();
        services.AddSingleton<DeviceSessionReports>();
        services.AddSingleton<BrokerRelay>();
        services.AddSingleton<IDeviceChannel, MqttDeviceChannel>();

        // The relay starts before the broker: its publish hook comes first, and the broker stops before it.
        services.AddHostedService(sp => sp.GetRequiredService<BrokerRelay>());
        services.AddHostedService(sp => sp.GetRequiredService<EmbeddedMqttBroker>());
        return services;
    }
}
