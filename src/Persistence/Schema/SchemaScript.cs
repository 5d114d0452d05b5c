using System.Security.Cryptography;
using System.Text;

namespace DigitalTwin.Persistence.Schema;

/// <summary>One schema file embedded in this assembly as <c>Schema.&lt;file&gt;</c>.</summary>
internal sealed record SchemaScript(string Name, string Sql, string Checksum)
{
    private const string ResourcePrefix = "Schema.";

    /// <summary>Every embedded schema file, in ordinal order of its name (<c>001_…</c> before <c>010_…</c>).</summary>
    public static IReadOnlyList<SchemaScript> LoadEmbedded()
    {
        var assembly = typeof(SchemaScript).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(resource =>
            {
                using var stream = assembly.GetManifestResourceStream(resource)!;
                using var reader = new StreamReader(stream, Encoding.UTF8);
                return Create(resource[ResourcePrefix.Length..], reader.ReadToEnd());
            })
            .ToList();
    }

    private static SchemaScript Create(string name, string sql)
    {
        // A checkout with CRLF line endings must not look like an edited file.
        var normalized = sql.ReplaceLineEndings("\n");
        var checksum = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalized)));
        return new SchemaScript(name, normalized, checksum);
    }
}
