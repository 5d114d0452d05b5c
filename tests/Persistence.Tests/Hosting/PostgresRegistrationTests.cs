using DigitalTwin.Grains.Detection;
using DigitalTwin.Grains.Directory;
using DigitalTwin.Grains.Hosting;
using DigitalTwin.Persistence.Alerts;
using DigitalTwin.Persistence.Directory;
using DigitalTwin.Persistence.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace DigitalTwin.Persistence.Tests.Hosting;

/// <summary>
/// With PostgreSQL configured, its twin directory and alert store replace the in-memory ones whatever the registration
/// order, and the pieces that each need the database (clustering, twin storage, reminders) share one.
/// </summary>
public sealed class PostgresRegistrationTests
{
    private static readonly IConfiguration Configuration = new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["Postgres:ConnectionString"] = "Host=127.0.0.1;Username=postgres" })
        .Build();

    [Fact]
    public void PostgresDirectoryWinsWhenAddedAfterTheTwins() =>
        AssertPostgresDirectory(new ServiceCollection().AddTwinServices(Configuration).AddPostgresServices(Configuration));

    [Fact]
    public void PostgresDirectoryWinsWhenAddedBeforeTheTwins() =>
        AssertPostgresDirectory(new ServiceCollection().AddPostgresServices(Configuration).AddTwinServices(Configuration));

    [Fact]
    public void AnExistingDataSourceIsKept()
    {
        var services = new ServiceCollection();
        using var dataSource = NpgsqlDataSource.Create("Host=elsewhere;Username=postgres");
        services.AddSingleton(dataSource);

        services.AddPostgresServices(Configuration);

        Assert.Single(services, d => d.ServiceType == typeof(NpgsqlDataSource));
    }

    [Fact]
    public void EveryPieceThatNeedsTheDatabaseSharesOneSchemaMigration()
    {
        var services = new ServiceCollection();

        services.AddPostgresDatabase(Configuration);
        services.AddPostgresServices(Configuration);
        services.AddPostgresDatabase(Configuration);

        Assert.Single(services, d => d.ImplementationType == typeof(SchemaMigrationOnStart));
        Assert.Single(services, d => d.ImplementationType == typeof(PostgresOptionsValidator));
        Assert.Single(services, d => d.ServiceType == typeof(NpgsqlDataSource));
    }

    private static void AssertPostgresDirectory(IServiceCollection services)
    {
        var directory = Assert.Single(services, d => d.ServiceType == typeof(ITwinDirectory));
        Assert.Equal(typeof(PostgresTwinDirectory), directory.ImplementationType);
        var alerts = Assert.Single(services, d => d.ServiceType == typeof(IAlertStore));
        Assert.Equal(typeof(PostgresAlertStore), alerts.ImplementationType);
        Assert.Single(services, d => d.ServiceType == typeof(NpgsqlDataSource));
    }
}
