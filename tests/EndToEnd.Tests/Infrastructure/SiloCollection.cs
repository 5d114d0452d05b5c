namespace DigitalTwin.EndToEnd.Tests.Infrastructure;

[CollectionDefinition(Name)]
public sealed class SiloCollection : ICollectionFixture<SiloFixture>
{
    public const string Name = "Real silo";
}
