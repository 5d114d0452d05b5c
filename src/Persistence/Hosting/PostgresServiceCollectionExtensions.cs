using DigitalTwin.Grains.Detection;
using DigitalTwin.Grains.Directory;
using DigitalTwin.Grains.History;
using DigitalTwin.Grains.MessageLog;
using DigitalTwin.Grains.Network;
using DigitalTwin.Persistence.Alerts;
using DigitalTwin.Persistence.Directory;
using DigitalTwin.Persistence.History;
using DigitalTwin.Persistence.MessageLog;
using DigitalTwin.Persistence.Schema;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace DigitalTwin.Persistence.Hosting;

public static class PostgresServiceCollectionExtensions
{
    /// <summary>
    /// The project's own PostgreSQL services (message log, telemetry history, network window table, twin directory, alert index); Orleans'
    /// providers are added by the silo builder. Call only when a connection string is configured. They
    /// replace the in-memory implementations whichever was registered first.
    /// </summary>
    public static IServiceCollection AddPostgresServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PostgresOptions>().Bind(configuration.GetSection(PostgresOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PostgresOptions>, PostgresOptionsValidator>();
        services.TryAddSingleton(sp => NpgsqlDataSource.Create(sp.GetRequiredService<IOptions<PostgresOptions>>().Value.ConnectionString));

        // Replace, not TryAdd: AddTwinServices registers the in-memory implementations with TryAdd, so
        // these win whichever of the two is called first.
        services.Replace(ServiceDescriptor.Singleton<ITwinDirectory, PostgresTwinDirectory>());
        services.Replace(ServiceDescriptor.Singleton<IAlertStore, PostgresAlertStore>());
        services.AddSingleton<PostgresDeviceMessageLog>();
        services.Replace(ServiceDescriptor.Singleton<IDeviceMessageLog>(sp => sp.GetRequiredService<PostgresDeviceMessageLog>()));
        services.AddHostedService(sp => sp.GetRequiredService<PostgresDeviceMessageLog>());
        services.Replace(ServiceDescriptor.Singleton<ITelemetryHistory, PostgresTelemetryHistory>());
        services.AddSingleton<PostgresNetworkWindowHistory>();
        services.Replace(ServiceDescriptor.Singleton<INetworkWindowHistory>(sp => sp.GetRequiredService<PostgresNetworkWindowHistory>()));
        services.AddHostedService(sp => sp.GetRequiredService<PostgresNetworkWindowHistory>());
        services.AddSingleton<DailyPartitions>();
        services.AddHostedService(sp => sp.GetRequiredService<DailyPartitions>());
        services.AddSingleton<ISchemaMigrator, SchemaMigrator>();
        return services;
    }
}
