namespace DigitalTwin.Api.Twins;

/// <summary>A twin in a listing, served from the twin directory.</summary>
internal sealed record TwinSummary(
    string Id,
    string Type,
    string Lifecycle,
    string Status,
    DateTimeOffset? LastSeen,
    IReadOnlyDictionary<string, object?> State,
    IReadOnlyDictionary<string, object?> Metadata,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUpdated,
    long Version);
