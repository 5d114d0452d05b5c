using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace DigitalTwin.Persistence.DataProtection;

/// <summary>
/// The data protection key ring in PostgreSQL, shared by every silo: a session cookie sealed by one silo's key is
/// opened by any other. The first key is made once for the cluster (<see cref="SharedKeyRingStart"/>); later ones
/// data protection makes two days before the current key expires, and every silo reads them at its daily refresh,
/// before they come into use. Data protection calls this synchronously and seldom: at start-up, once a day, and when
/// it makes or revokes a key.
/// </summary>
internal sealed class PostgresDataProtectionKeys(NpgsqlDataSource dataSource) : IXmlRepository
{
    private const string SelectSql = "SELECT xml FROM dtn_data_protection_keys ORDER BY stored_at, name";

    private const string UpsertSql = """
        INSERT INTO dtn_data_protection_keys (name, xml) VALUES ($1, $2)
        ON CONFLICT (name) DO UPDATE SET xml = excluded.xml, stored_at = now()
        """;

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var command = dataSource.CreateCommand(SelectSql);
        using var reader = command.ExecuteReader();
        var elements = new List<XElement>();
        while (reader.Read())
        {
            elements.Add(XElement.Parse(reader.GetString(0)));
        }

        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var command = dataSource.CreateCommand(UpsertSql);
        command.Parameters.Add(new NpgsqlParameter { Value = friendlyName });
        command.Parameters.Add(new NpgsqlParameter { Value = element.ToString(SaveOptions.DisableFormatting) });
        command.ExecuteNonQuery();
    }
}
