namespace DigitalTwin.Grains.Tests.Infrastructure;

/// <summary>The default cluster: auto-discovery on.</summary>
public sealed class DiscoveringClusterFixture : TwinClusterFixture;
