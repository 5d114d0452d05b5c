using DigitalTwin.TestSupport;

namespace DigitalTwin.EndToEnd.Tests.Infrastructure;

/// <summary>One throwaway PostgreSQL server for the durability tests; each test takes a fresh database.</summary>
public sealed class PostgresDatabase : IAsyncLifetime
{
    private PostgresServer? _server;
    private int _databases;

    public async Task<string> CreateAsync() =>
        await (_server ?? throw new InvalidOperationException("PostgreSQL has not started.")).CreateDatabaseAsync($"e2e_{Interlocked.Increment(ref _databases)}");

    /// <summary>Settings that start a silo on <paramref name="connectionString"/>.</summary>
    public static Dictionary<string, string> SiloSettings(string connectionString, string clusterId = "dtn-test") => new()
    {
        ["Postgres:ConnectionString"] = connectionString,
        ["Orleans:ClusterId"] = clusterId,
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
