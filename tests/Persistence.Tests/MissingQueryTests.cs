using DigitalTwin.Persistence.Hosting;
using DigitalTwin.Persistence.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;

namespace DigitalTwin.Persistence.Tests;

[Collection(PostgresCollection.Name)]
public sealed class MissingQueryTests(PostgresFixture postgres)
{
    [Fact]
    public async Task ASiloRefusesToStartWhenAQueryItNeedsIsMissing()
    {
        var database = await postgres.CreateEmptyDatabaseAsync("missing_query");
        await Migrations.For(database).MigrateAsync(CancellationToken.None);
        await Sql.ExecuteAsync(database, "DELETE FROM orleansquery WHERE querykey = 'GatewaysQueryKey'");
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Postgres:ConnectionString"] = database })
            .Build();
        var builder = new InProcessTestClusterBuilder(1);
        TestClusters.UsePostgresMembership(builder.Options);
        builder.Options.InitializeClientOnDeploy = false;
        builder.ConfigureSilo((_, silo) => silo.UsePostgresClustering(configuration).AddPostgresTwinStorage(configuration).UsePostgresReminderService(configuration));
        await using var cluster = builder.Build();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => cluster.DeployAsync().WaitAsync(TimeSpan.FromMinutes(1)));

        Assert.Contains("Not all required queries found. Missing are: GatewaysQueryKey", error.ToString());
    }
}
