using DigitalTwin.Persistence.Hosting;

namespace DigitalTwin.Persistence.Tests.Infrastructure;

/// <summary>The schema files embedded in the Persistence assembly, read as the migrator reads them.</summary>
public static class SchemaFile
{
    public static string Read(string file)
    {
        var assembly = typeof(PostgresOptions).Assembly;
        using var stream = assembly.GetManifestResourceStream($"Schema.{file}")
            ?? throw new InvalidOperationException($"no embedded schema file {file}; found {string.Join(", ", assembly.GetManifestResourceNames())}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
