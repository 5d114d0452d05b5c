using DigitalTwin.Persistence.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace DigitalTwin.Persistence.Tests.Hosting;

/// <summary>The platform prepares its hot statements on the server unless the connection string says otherwise.</summary>
public sealed class PostgresConnectionDefaultsTests
{
    [Fact]
    public void AConnectionStringWithoutMaxAutoPrepareGetsThePlatformsAndKeepsTheRest()
    {
        var applied = new NpgsqlConnectionStringBuilder(PostgresConnectionDefaults.Apply("Host=db;Port=6432;Username=dtn;Maximum Pool Size=40"));

        Assert.Equal(PostgresConnectionDefaults.MaxAutoPrepare, applied.MaxAutoPrepare);
        Assert.Equal(("db", 6432, "dtn", 40), (applied.Host, applied.Port, applied.Username, applied.MaxPoolSize));
    }

    [Theory]
    [InlineData("Host=db;Max Auto Prepare=0", 0)]
    [InlineData("Host=db;Max Auto Prepare=5", 5)]
    [InlineData("Host=db;MaxAutoPrepare=0", 0)]
    [InlineData("Host=db;max auto prepare=7", 7)]
    public void AMaxAutoPrepareTheOperatorSetIsKept(string connectionString, int expected) =>
        Assert.Equal(expected, new NpgsqlConnectionStringBuilder(PostgresConnectionDefaults.Apply(connectionString)).MaxAutoPrepare);

    [Fact]
    public void TheSilosDataSourcePreparesStatements()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Postgres:ConnectionString"] = "Host=127.0.0.1;Username=postgres" })
            .Build();
        using var provider = new ServiceCollection().AddPostgresServices(configuration).BuildServiceProvider();
        var dataSource = provider.GetRequiredService<NpgsqlDataSource>();

        Assert.Equal(PostgresConnectionDefaults.MaxAutoPrepare, new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).MaxAutoPrepare);
    }
}
