using DigitalTwin.Persistence.Hosting;
using DigitalTwin.TestSupport;
using Microsoft.Extensions.Configuration;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace DigitalTwin.Persistence.Tests.Infrastructure;

/// <summary>
/// Two in-process silos configured the way the host configures them with PostgreSQL (<c>UsePostgresClustering</c>, <c>AddPostgresTwinStorage</c>, <c>UsePostgresReminderService</c>),
/// on an empty database that the silos migrate as they start, and a client that finds them through the
/// same membership table.
/// </summary>
public sealed class PostgresClusterFixture : IAsyncLifetime
{
    public const string DeleteOnClearProviderName = "delete-on-clear";

    private PostgresServer? _server;
    private InProcessTestCluster? _cluster;

    public InProcessTestCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster has not started.");

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        _server = await PostgresServer.StartAsync();
        ConnectionString = await _server.CreateDatabaseAsync("orleans_contract");
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Postgres:ConnectionString"] = ConnectionString,
                ["Postgres:MigrateOnStart"] = "true",
                // The in-process cluster's silos talk over Orleans' in-memory transport: nothing listens on their
                // endpoints, and the sweep would declare the first silo dead when the second one starts.
                ["Postgres:SweepAbandonedSilos"] = "false",
            })
            .Build();

        var builder = new InProcessTestClusterBuilder(2);
        TestClusters.UsePostgresMembership(builder.Options);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.UsePostgresClustering(configuration).AddPostgresTwinStorage(configuration).UsePostgresReminderService(configuration);
            // The twins keep cleared state as an empty row; this provider exercises the delete query instead.
            silo.AddAdoNetGrainStorage(DeleteOnClearProviderName, (AdoNetGrainStorageOptions options) =>
            {
                options.Invariant = "Npgsql";
                options.ConnectionString = ConnectionString;
                options.DeleteStateOnClear = true;
            });
        });
        builder.ConfigureClient(client => client.UseAdoNetClustering((AdoNetClusteringClientOptions options) =>
        {
            options.Invariant = "Npgsql";
            options.ConnectionString = ConnectionString;
        }));
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
