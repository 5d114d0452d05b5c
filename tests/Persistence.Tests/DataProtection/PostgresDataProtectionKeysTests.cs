using System.Xml.Linq;
using DigitalTwin.Persistence.DataProtection;
using DigitalTwin.Persistence.Tests.Infrastructure;

namespace DigitalTwin.Persistence.Tests.DataProtection;

/// <summary>The shared key ring: what one silo stores, another reads back whole, and storing an element again replaces it.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresDataProtectionKeysTests(PostgresFixture fixture)
{
    [Fact]
    public async Task KeysStoredByOneSiloAreReadByAnotherAndAReStoredKeyIsReplaced()
    {
        var database = await fixture.CreateDatabaseAsync();
        var one = new PostgresDataProtectionKeys(database);
        var other = new PostgresDataProtectionKeys(database);
        Assert.Empty(other.GetAllElements());

        one.StoreElement(new XElement("key", new XAttribute("id", "a"), new XElement("secret", "first <&> value")), "key-a");
        other.StoreElement(new XElement("key", new XAttribute("id", "b")), "key-b");
        one.StoreElement(new XElement("key", new XAttribute("id", "a"), new XElement("secret", "revoked")), "key-a");

        var read = other.GetAllElements().Select(e => e.ToString(SaveOptions.DisableFormatting)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["<key id=\"a\"><secret>revoked</secret></key>", "<key id=\"b\" />"], read);
    }
}
