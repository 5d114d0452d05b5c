namespace DigitalTwin.Grains.Tests.Infrastructure;

/// <summary>A <see cref="ScriptedQueueClusterFixture"/> whose twins keep no message log, as in memory mode.</summary>
public sealed class InMemoryScriptedQueueClusterFixture : ScriptedQueueClusterFixture
{
    protected override bool Durable => false;
}
