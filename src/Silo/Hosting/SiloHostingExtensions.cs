using DigitalTwin.Grains.Hosting;
using DigitalTwin.MqttBridge.Hosting;
using DigitalTwin.Silo.Health;
using Microsoft.Extensions.Options;
using Orleans.Dashboard;

namespace DigitalTwin.Silo.Hosting;

internal static partial class SiloHostingExtensions
{
    /// <summary>
    /// One silo with everything in it: localhost clustering, in-memory twin storage and device streams,
    /// the embedded MQTT broker and the Orleans Dashboard.
    /// </summary>
    public static WebApplicationBuilder UseDigitalTwinSilo(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        builder.Services.AddOptions<SiloHostOptions>().Bind(configuration.GetSection(SiloHostOptions.SectionName)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<SiloHostOptions>, SiloHostOptionsValidator>();
        var host = configuration.GetSection(SiloHostOptions.SectionName).Get<SiloHostOptions>() ?? new SiloHostOptions();
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(host.SiloPort, host.GatewayPort, serviceId: host.ServiceId, clusterId: host.ClusterId);
            silo.UseInMemoryTwinStorage();
            silo.AddTwins(configuration);
            silo.UseMqttBridge(configuration);
            silo.AddDashboard();
        });
        builder.Services.AddHealthChecks().AddCheck<MqttBrokerHealthCheck>("mqtt_broker");
        return builder;
    }

    public static WebApplication LogStorageMode(this WebApplication app)
    {
        LogInMemory(app.Logger);
        return app;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Twins, telemetry and the twin directory are kept in memory: they are lost when this silo stops. Configure PostgreSQL to keep them.")]
    private static partial void LogInMemory(ILogger logger);
}
