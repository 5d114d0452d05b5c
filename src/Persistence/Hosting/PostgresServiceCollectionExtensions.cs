using DigitalTwin.Grains.Audit;
using DigitalTwin.Grains.Detection;
using DigitalTwin.Grains.Directory;
using DigitalTwin.Grains.History;
using DigitalTwin.Grains.MessageLog;
using DigitalTwin.Grains.Network;
using DigitalTwin.Grains.Streams;
using DigitalTwin.Persistence.Alerts;
using DigitalTwin.Persistence.Audit;
using DigitalTwin.Persistence.DataProtection;
using DigitalTwin.Persistence.Directory;
using DigitalTwin.Persistence.History;
using DigitalTwin.Persistence.MessageLog;
using DigitalTwin.Persistence.Schema;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Runtime;

namespace DigitalTwin.Persistence.Hosting;

public static class PostgresServiceCollectionExtensions
{
    /// <summary>
    /// The project's own PostgreSQL services (message log and device queues, telemetry history, network window table, twin directory, alert index, API audit log, the data protection key ring); Orleans'
    /// providers are added by the silo builder. Call only when a connection string is configured. They
    /// replace the in-memory implementations whichever was registered first.
    /// </summary>
    public static IServiceCollection AddPostgresServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddPostgresDatabase(configuration);

        // Replace, not TryAdd: AddTwinServices registers the in-memory implementations with TryAdd, so
        // these win whichever of the two is called first.
        services.Replace(ServiceDescriptor.Singleton<ITwinDirectory, PostgresTwinDirectory>());
        services.Replace(ServiceDescriptor.Singleton<IAlertStore, PostgresAlertStore>());
        services.AddSingleton<PostgresDeviceMessageLog>();
        services.Replace(ServiceDescriptor.Singleton<IDeviceMessageLog>(sp => sp.GetRequiredService<PostgresDeviceMessageLog>()));
        services.Replace(ServiceDescriptor.Singleton<IDeviceQueueStore>(sp => sp.GetRequiredService<PostgresDeviceMessageLog>()));
        services.AddHostedService(sp => sp.GetRequiredService<PostgresDeviceMessageLog>());
        services.AddSingleton<QueueWakeups>();
        services.AddHostedService<QueueNotificationListener>();
        services.Replace(ServiceDescriptor.Singleton<ITelemetryHistory, PostgresTelemetryHistory>());
        services.AddSingleton<PostgresNetworkWindowHistory>();
        services.Replace(ServiceDescriptor.Singleton<INetworkWindowHistory>(sp => sp.GetRequiredService<PostgresNetworkWindowHistory>()));
        services.AddHostedService(sp => sp.GetRequiredService<PostgresNetworkWindowHistory>());
        services.AddSingleton<PostgresAuditLog>();
        services.Replace(ServiceDescriptor.Singleton<IAuditLog>(sp => sp.GetRequiredService<PostgresAuditLog>()));
        services.AddHostedService(sp => sp.GetRequiredService<PostgresAuditLog>());
        services.AddSingleton<DailyPartitions>();
        services.AddHostedService(sp => sp.GetRequiredService<DailyPartitions>());
        services.AddOptions<KeyManagementOptions>().Configure<NpgsqlDataSource>((keys, data) => keys.XmlRepository = new PostgresDataProtectionKeys(data));
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, SharedKeyRingStart>();
        return services;
    }

    /// <summary>
    /// What every PostgreSQL piece needs: the <c>Postgres</c> options, the data source and the schema migrator,
    /// with the migration at silo start. Safe to call once per piece: clustering, twin storage and reminders each
    /// call it, and the schema is still migrated once.
    /// </summary>
    internal static IServiceCollection AddPostgresDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(service => service.ServiceType == typeof(ISchemaMigrator)))
        {
            return services;
        }

        services.AddOptions<PostgresOptions>().Bind(configuration.GetSection(PostgresOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PostgresOptions>, PostgresOptionsValidator>();
        services.TryAddSingleton(sp => NpgsqlDataSource.Create(PostgresConnectionDefaults.Apply(sp.GetRequiredService<IOptions<PostgresOptions>>().Value.ConnectionString)));
        services.AddSingleton<ISchemaMigrator, SchemaMigrator>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, SchemaMigrationOnStart>();
        return services;
    }
}
