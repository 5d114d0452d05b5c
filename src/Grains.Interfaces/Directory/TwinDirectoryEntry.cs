using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.Interfaces.Values;

namespace DigitalTwin.Grains.Interfaces.Directory;

/// <summary>
/// What the twin directory knows of one twin: enough to list, filter and page twins without
/// activating them. The twin sends a new entry whenever one of these fields changes.
/// </summary>
[GenerateSerializer, Immutable, Alias("dtn.TwinDirectoryEntry")]
public sealed record TwinDirectoryEntry
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required string Type { get; init; }
    [Id(2)] public required TwinLifecycle Lifecycle { get; init; }

    /// <summary>The presence the device last announced (or implied by sending traffic).</summary>
    [Id(3)] public required PresenceStatus AnnouncedPresence { get; init; }
    [Id(4)] public DateTimeOffset? LastSeen { get; init; }
    [Id(5)] public required Dictionary<string, FieldValue> Metadata { get; init; }
    [Id(6)] public required Dictionary<string, FieldValue> State { get; init; }
    [Id(7)] public required DateTimeOffset CreatedAt { get; init; }
    [Id(8)] public required DateTimeOffset LastUpdated { get; init; }

    /// <summary>The twin's version; the directory keeps the entry with the highest.</summary>
    [Id(9)] public required long Version { get; init; }

    /// <summary>True when the twin was deleted and the entry must go.</summary>
    [Id(10)] public bool Deleted { get; init; }
}
