namespace DigitalTwin.NetworkProbe.Tests.Lab;

/// <summary>
/// The tests that capture real traffic share one lab and run one after another, so each capture holds only its own
/// test's exchanges.
/// </summary>
[CollectionDefinition(Name)]
public sealed class NetworkLabCollection : ICollectionFixture<NetworkLab>
{
    public const string Name = "network lab";
}
