using DigitalTwin.Grains.Directory;
using DigitalTwin.Persistence.Directory;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace DigitalTwin.Persistence.Hosting;

public static class PostgresServiceCollectionExtensions
{
    /// <summary>
    /// The project's own PostgreSQL services (message log, telemetry history, twin directory); Orleans'
    /// providers are added by the silo builder. Call only when a connection string is configured.
    /// </summary>
    public static IServiceCollection AddPostgresServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PostgresOptions>().Bind(configuration.GetSection(PostgresOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PostgresOptions>, PostgresOptionsValidator>();
        services.TryAddSingleton(sp => NpgsqlDataSource.Create(sp.GetRequiredService<IOptions<PostgresOptions>>().Value.ConnectionString));

        // Replace, not TryAdd: the in-memory directory is registered with TryAdd by AddTwinServices, so
        // this one wins whichever of the two is called first.
        services.Replace(ServiceDescriptor.Singleton<ITwinDirectory, PostgresTwinDirectory>());
        return services;
    }
}
