using DigitalTwin.Grains.Interfaces.Twins;

namespace DigitalTwin.Grains.Interfaces.Directory;

/// <summary>A directory entry with its presence evaluated at query time.</summary>
[GenerateSerializer, Immutable, Alias("dtn.TwinDirectoryListing")]
public sealed record TwinDirectoryListing(
    [property: Id(0)] TwinDirectoryEntry Entry,
    [property: Id(1)] PresenceStatus Presence);
