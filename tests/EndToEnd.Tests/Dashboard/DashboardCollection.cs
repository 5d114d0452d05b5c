using DigitalTwin.EndToEnd.Tests.Infrastructure;
namespace DigitalTwin.EndToEnd.Tests.Dashboard;

[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<SiloFixture>
{
    public const string Name = "Web dashboard";
}
