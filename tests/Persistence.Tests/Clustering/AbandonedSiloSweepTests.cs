using System.Net;
using System.Net.Sockets;
using DigitalTwin.Persistence.Clustering;
using DigitalTwin.Persistence.Hosting;
using DigitalTwin.Persistence.Tests.Infrastructure;
using DigitalTwin.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;

namespace DigitalTwin.Persistence.Tests.Clustering;

[Collection(PostgresCollection.Name)]
public sealed class AbandonedSiloSweepTests(PostgresFixture postgres)
{
    private const string ClusterId = "sweep-test";

    [Fact]
    public async Task AnActiveSiloWhoseEndpointRefusesConnectionsIsDeclaredDeadAndTheVersionMoves()
    {
        await using var database = await postgres.CreateDatabaseAsync();
        using var alive = new TcpListener(IPAddress.Loopback, 0);
        alive.Start();
        var livePort = ((IPEndPoint)alive.LocalEndpoint).Port;
        var deadPort = FreePort.Next();
        await AddSiloAsync(database, livePort, generation: 1, status: 3);
        await AddSiloAsync(database, deadPort, generation: 2, status: 3);
        await AddSiloAsync(database, FreePort.Next(), generation: 3, status: 5);
        var versionBefore = await VersionAsync(database);

        await Sweep(database).SweepAsync(CancellationToken.None);

        Assert.Equal(3, await StatusAsync(database, livePort));
        Assert.Equal(6, await StatusAsync(database, deadPort));
        Assert.Equal(versionBefore + 1, await VersionAsync(database));
    }

    [Fact]
    public async Task SilosOfOtherClustersAndSilosNotActiveAreLeftAlone()
    {
        await using var database = await postgres.CreateDatabaseAsync();
        var otherClusterPort = FreePort.Next();
        var stoppingPort = FreePort.Next();
        await AddSiloAsync(database, otherClusterPort, generation: 1, status: 3, clusterId: "another-cluster");
        await AddSiloAsync(database, stoppingPort, generation: 2, status: 5);
        var versionBefore = await VersionAsync(database);

        await Sweep(database).SweepAsync(CancellationToken.None);

        Assert.Equal(3, await StatusAsync(database, otherClusterPort));
        Assert.Equal(5, await StatusAsync(database, stoppingPort));
        Assert.Equal(versionBefore, await VersionAsync(database));
    }

    private static AbandonedSiloSweep Sweep(NpgsqlDataSource database) =>
        new(database, Options.Create(new ClusterOptions { ClusterId = ClusterId }), Options.Create(new PostgresOptions()), NullLogger<AbandonedSiloSweep>.Instance);

    private static async Task AddSiloAsync(NpgsqlDataSource database, int port, int generation, int status, string clusterId = ClusterId)
    {
        await Sql.ExecuteAsync(database.ConnectionString, $"INSERT INTO orleans_membership_version (deploymentid) VALUES ('{clusterId}') ON CONFLICT DO NOTHING");
        await using var command = database.CreateCommand("""
            INSERT INTO orleans_membership (deploymentid, address, port, generation, siloname, hostname, status, starttime, iamalivetime)
            VALUES ($1, $2, $3, $4, 'silo', 'host', $5, now(), now())
            """);
        foreach (var value in new object[] { clusterId, "127.0.0.1", port, generation, status })
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        await command.ExecuteNonQueryAsync();
    }

    private static Task<int> StatusAsync(NpgsqlDataSource database, int port) =>
        Sql.ScalarAsync<int>(database.ConnectionString, $"SELECT status FROM orleans_membership WHERE port = {port}");

    private static Task<int> VersionAsync(NpgsqlDataSource database) =>
        Sql.ScalarAsync<int>(database.ConnectionString, $"SELECT version FROM orleans_membership_version WHERE deploymentid = '{ClusterId}'");
}
