using DigitalTwin.Grains.Interfaces.Twins;

namespace DigitalTwin.Grains.Interfaces.Directory;

/// <summary>A filter and a page over the twin directory, ordered by twin id.</summary>
[GenerateSerializer, Immutable, Alias("dtn.TwinQuery")]
public sealed record TwinQuery
{
    [Id(0)] public string? Type { get; init; }
    [Id(1)] public PresenceStatus? Presence { get; init; }
    [Id(2)] public TwinLifecycle? Lifecycle { get; init; }
    [Id(3)] public int Limit { get; init; } = 100;
    [Id(4)] public int Offset { get; init; }
}
