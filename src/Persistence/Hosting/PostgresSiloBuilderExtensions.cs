using System.Text.Json.Serialization;
using DigitalTwin.Grains.Twins;
using DigitalTwin.Persistence.Clustering;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
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
    /// Keeps cluster membership in PostgreSQL (<c>Postgres</c> section) through Orleans' ADO.NET provider, and
    /// declares dead, before joining, the silos a kill left active in the table. The caller configures the
    /// silo's cluster id and endpoints; localhost clustering must not be used with it.
    /// </summary>
    public static ISiloBuilder UsePostgresClustering(this ISiloBuilder silo, IConfiguration configuration)
    {
        silo.Services.AddPostgresDatabase(configuration);
        silo.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ILifecycleParticipant<ISiloLifecycle>, AbandonedSiloSweep>());
        silo.UseAdoNetClustering((OptionsBuilder<AdoNetClusteringSiloOptions> clustering) =>
            clustering.Configure<IOptions<PostgresOptions>>((options, postgres) =>
            {
                options.Invariant = Invariant;
                options.ConnectionString = PostgresConnectionDefaults.Apply(postgres.Value.ConnectionString);
            }));
        return silo;
    }

    /// <summary>
    /// Keeps the twins in PostgreSQL (<c>Postgres</c> section): their grain storage (System.Text.Json) through
    /// Orleans' ADO.NET provider, and the project's own PostgreSQL services (message log, telemetry history,
    /// network window table, twin directory, alert index) in place of the in-memory ones. The PostgreSQL
    /// counterpart of <c>AddInMemoryTwinStorage</c>.
    /// </summary>
    public static ISiloBuilder AddPostgresTwinStorage(this ISiloBuilder silo, IConfiguration configuration)
    {
        silo.Services.AddPostgresServices(configuration);

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
                options.ConnectionString = PostgresConnectionDefaults.Apply(postgres.Value.ConnectionString);
            }));
        return silo;
    }

    /// <summary>Keeps the silo's reminders (the twins' command deadlines) in PostgreSQL (<c>Postgres</c> section) through Orleans' ADO.NET provider.</summary>
    public static ISiloBuilder UsePostgresReminderService(this ISiloBuilder silo, IConfiguration configuration)
    {
        silo.Services.AddPostgresDatabase(configuration);
        silo.UseAdoNetReminderService((OptionsBuilder<AdoNetReminderTableOptions> reminders) =>
            reminders.Configure<IOptions<PostgresOptions>>((options, postgres) =>
            {
                options.Invariant = Invariant;
                options.ConnectionString = PostgresConnectionDefaults.Apply(postgres.Value.ConnectionString);
            }));
        return silo;
    }
}
