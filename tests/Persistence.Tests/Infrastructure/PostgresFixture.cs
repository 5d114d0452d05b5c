using DigitalTwin.TestSupport;
using Npgsql;

namespace DigitalTwin.Persistence.Tests.Infrastructure;

/// <summary>One throwaway PostgreSQL server for the collection; each test takes a database of its own.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private PostgresServer _server = null!;
    private int _databases;

    public async Task InitializeAsync() => _server = await PostgresServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    /// <summary>A new database with the given schema files applied, as the migrator would apply them.</summary>
    public async Task<NpgsqlDataSource> CreateDatabaseAsync(params string[] schemaFiles)
    {
        var connectionString = await _server.CreateDatabaseAsync($"test_{Interlocked.Increment(ref _databases)}");
        var dataSource = NpgsqlDataSource.Create(connectionString);
        foreach (var file in schemaFiles)
        {
            await using var command = dataSource.CreateCommand(SchemaFile.Read(file));
            await command.ExecuteNonQueryAsync();
        }

        return dataSource;
    }
}
