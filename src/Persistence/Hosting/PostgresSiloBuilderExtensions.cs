using System.Text.Json.Serialization;
using DigitalTwin.Grains.Twins;
using DigitalTwin.Persistence.Clustering;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Serialization;

namespace DigitalTwin.Persistence.Hosting;

public static class PostgresSiloBuilderExtensions
{
    /// <summary>The ADO.NET invariant of Npgsql; Orleans' providers default to SQL Server's.</summary>
    private const string Invariant = "Npgsql";

    /// <summary>
    /// Keeps the cluster in PostgreSQL (<c>Postgres</c> section): membership, the twins' grain storage
    /// (System.Text.Json) and reminders through Orleans' ADO.NET providers, the project's own PostgreSQL
    /// services, and the schema migration at start-up. The caller configures the silo's cluster id and
    /// endpoints; localhost clustering must not be used with it.
    /// </summary>
    public static ISiloBuilder UsePostgres(this ISiloBuilder silo, IConfiguration configuration)
    {
        silo.Services.AddPostgresServices(configuration);
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, SchemaMigrationOnStart>();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, AbandonedSiloSweep>();

        silo.UseAdoNetClustering((OptionsBuilder<AdoNetClusteringSiloOptions> clustering) =>
            clustering.Configure<IOptions<PostgresOptions>>((options, postgres) =>
            {
                options.Invariant = Invariant;
                options.ConnectionString = postgres.Value.ConnectionString;
            }));

        // JSON rather than Orleans' binary format: the state outlives a build, stays readable in the
        // database, and does not depend on type aliases and field ids staying put. The default would be
        // Newtonsoft with assembly-qualified type names, which breaks on a rename.
        silo.UseSystemTextJsonGrainStorageSerializer();

        // A measurement nothing was learnt for is NaN (an alert reason's baseline, for one): JSON has no number for
        // it, so it is stored as the string "NaN" instead of failing the whole twin's write.
        silo.Services.Configure<SystemTextJsonGrainStorageSerializerOptions>(json =>
            json.JsonSerializerOptions.NumberHandling |= JsonNumberHandling.AllowNamedFloatingPointLiterals);
        silo.AddAdoNetGrainStorage(TwinStorage.ProviderName, (OptionsBuilder<AdoNetGrainStorageOptions> storage) =>
            storage.Configure<IOptions<PostgresOptions>>((options, postgres) =>
            {
                options.Invariant = Invariant;
                options.ConnectionString = postgres.Value.ConnectionString;
            }));

        silo.UseAdoNetReminderService((OptionsBuilder<AdoNetReminderTableOptions> reminders) =>
            reminders.Configure<IOptions<PostgresOptions>>((options, postgres) =>
            {
                options.Invariant = Invariant;
                options.ConnectionString = postgres.Value.ConnectionString;
            }));
        return silo;
    }
}
