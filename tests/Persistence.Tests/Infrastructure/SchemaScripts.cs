using Npgsql;

namespace DigitalTwin.Persistence.Tests.Infrastructure;

/// <summary>Applies the schema files embedded in the Persistence assembly, in order.</summary>
public static class SchemaScripts
{
    public static async Task ApplyAsync(NpgsqlDataSource database)
    {
        var assembly = typeof(Hosting.PostgresOptions).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("Schema.", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
            await using var command = database.CreateCommand(await reader.ReadToEndAsync());
            await command.ExecuteNonQueryAsync();
        }
    }
}
