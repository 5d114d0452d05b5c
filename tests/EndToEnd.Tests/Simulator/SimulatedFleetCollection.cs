namespace DigitalTwin.EndToEnd.Tests.Simulator;

[CollectionDefinition(Name)]
public sealed class SimulatedFleetCollection : ICollectionFixture<SimulatedFleetFixture>
{
    public const string Name = "Simulated fleet";
}
