namespace DigitalTwin.Persistence.Tests.Infrastructure;

/// <summary>Applies every schema file embedded in the Persistence assembly, in order, as the migrator does.</summary>
public static class SchemaScripts
{
    public static async Task ApplyAsync(Npgsql.NpgsqlDataSource database)
    {
        var assembly = typeof(Persistence.Hosting.PostgresOptions).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("Schema.", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            await using var command = database.CreateCommand(SchemaFile.Read(name["Schema.".Length..]));
            await command.ExecuteNonQueryAsync();
        }
    }
}
