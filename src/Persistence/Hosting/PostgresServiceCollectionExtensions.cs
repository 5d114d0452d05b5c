using DigitalTwin.Persistence.Schema;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

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
        services.AddSingleton<ISchemaMigrator, SchemaMigrator>();
        return services;
    }
}
