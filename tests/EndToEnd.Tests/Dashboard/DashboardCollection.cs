namespace DigitalTwin.EndToEnd.Tests.Dashboard;

[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardFixture>
{
    public const string Name = "Web dashboard";
}
