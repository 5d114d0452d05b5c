using DigitalTwin.Persistence.Hosting;
using DigitalTwin.Persistence.Schema;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DigitalTwin.Persistence.Tests.Infrastructure;

internal static class Migrations
{
    public static SchemaMigrator For(string connectionString) =>
        new(Options.Create(new PostgresOptions { ConnectionString = connectionString }), NullLogger<SchemaMigrator>.Instance);
}
