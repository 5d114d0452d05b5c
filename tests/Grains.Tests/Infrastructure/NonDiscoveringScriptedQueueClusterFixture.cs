namespace DigitalTwin.Grains.Tests.Infrastructure;

/// <summary>A <see cref="ScriptedQueueClusterFixture"/> with <c>Twins:AutoDiscovery=false</c>.</summary>
public sealed class NonDiscoveringScriptedQueueClusterFixture : ScriptedQueueClusterFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [.. base.Settings, new("Twins:AutoDiscovery", "false")];
}
