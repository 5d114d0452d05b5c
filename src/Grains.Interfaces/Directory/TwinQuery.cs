using DigitalTwin.Grains.Interfaces.Twins;

namespace DigitalTwin.Grains.Interfaces.Directory;

/// <summary>
/// A filter, an order and a page over the twin directory. A page starts either <see cref="Offset"/>
/// matches in, or right after the position a <see cref="Cursor"/> names; never both.
/// </summary>
[GenerateSerializer, Immutable, Alias("dtn.TwinQuery")]
public sealed record TwinQuery
{
    [Id(0)] public string? Type { get; init; }
    [Id(1)] public PresenceStatus? Presence { get; init; }
    [Id(2)] public TwinLifecycle? Lifecycle { get; init; }
    [Id(3)] public int Limit { get; init; } = 100;
    [Id(4)] public int Offset { get; init; }

    /// <summary>Every filter must match (and); at most one per metadata field.</summary>
    [Id(5)] public TwinMetadataFilter[] Metadata { get; init; } = [];

    [Id(6)] public TwinSort Sort { get; init; }

    /// <summary>An opaque position from <see cref="TwinDirectoryPage.NextCursor"/> of a query with the same sort.</summary>
    [Id(7)] public string? Cursor { get; init; }

    /// <summary>Only twins whose id starts with this (ordinal: ids are lowercase).</summary>
    [Id(8)] public string? IdPrefix { get; init; }
}
