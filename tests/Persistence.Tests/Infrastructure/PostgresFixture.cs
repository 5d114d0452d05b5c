using DigitalTwin.TestSupport;
using Npgsql;

namespace DigitalTwin.Persistence.Tests.Infrastructure;

/// <summary>One throwaway PostgreSQL server for the test assembly; each test class takes its own database.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private PostgresServer? _server;
    private int _databases;

    public PostgresServer Server => _server ?? throw new InvalidOperationException("PostgreSQL has not started.");

    /// <summary>A new empty database with the project's schema applied.</summary>
    public async Task<NpgsqlDataSource> CreateDatabaseAsync()
    {
        var connectionString = await Server.CreateDatabaseAsync($"test_{Interlocked.Increment(ref _databases)}");
        var database = NpgsqlDataSource.Create(connectionString);
        await SchemaScripts.ApplyAsync(database);
        return database;
    }

    public async Task InitializeAsync() => _server = await PostgresServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
