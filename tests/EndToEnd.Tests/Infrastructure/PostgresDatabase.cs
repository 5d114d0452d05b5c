using DigitalTwin.TestSupport;

namespace DigitalTwin.EndToEnd.Tests.Infrastructure;

/// <summary>One throwaway PostgreSQL server for the durability tests; each test takes a fresh database.</summary>
public sealed class PostgresDatabase : IAsyncLifetime
{
    private PostgresServer? _server;
    private int _databases;

    public async Task<string> CreateAsync() =>
        await (_server ?? throw new InvalidOperationException("PostgreSQL has not started.")).CreateDatabaseAsync($"e2e_{Interlocked.Increment(ref _databases)}");

    /// <summary>
    /// Settings that start a silo on <paramref name="connectionString"/>. A silo restarted after a kill
    /// waits for the killed one it finds in the membership table until that one's heartbeat is stale:
    /// a 2 s heartbeat keeps that wait at seconds instead of Orleans' default minute.
    /// </summary>
    public static Dictionary<string, string> SiloSettings(string connectionString, string clusterId = "dtn-test") => new()
    {
        ["Postgres:ConnectionString"] = connectionString,
        ["Orleans:ClusterId"] = clusterId,
        ["Orleans:Membership:IAmAliveTablePublishTimeout"] = "00:00:02",
    };

    public async Task InitializeAsync() => _server = await PostgresServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
