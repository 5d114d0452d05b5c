using DigitalTwin.Persistence.Hosting;
using DigitalTwin.Persistence.Schema;
using DigitalTwin.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace DigitalTwin.Persistence.Tests.Infrastructure;

/// <summary>One throwaway PostgreSQL server for the test assembly; each test class takes its own database.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private PostgresServer? _server;

    public PostgresServer Server => _server ?? throw new InvalidOperationException("The PostgreSQL server has not started.");

    /// <summary>A new database with the project's schema applied by the migrator.</summary>
    public async Task<NpgsqlDataSource> CreateDatabaseAsync()
    {
        var connectionString = await CreateEmptyDatabaseAsync("test");
        var migrator = new SchemaMigrator(Options.Create(new PostgresOptions { ConnectionString = connectionString }), NullLogger<SchemaMigrator>.Instance);
        await migrator.MigrateAsync(CancellationToken.None);
        return NpgsqlDataSource.Create(connectionString);
    }

    /// <summary>A fresh, empty database with a name unique to this run.</summary>
    public Task<string> CreateEmptyDatabaseAsync(string prefix) =>
        Server.CreateDatabaseAsync($"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 33, 40)]);

    public async Task InitializeAsync() => _server = await PostgresServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
