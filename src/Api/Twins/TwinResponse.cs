namespace DigitalTwin.Api.Twins;

/// <summary>
/// One twin as <c>GET /api/v1/twins/{id}</c> returns it; <paramref name="Desired"/> and <paramref name="Delta"/>
/// are detailed under <c>GET .../desired</c>.
/// </summary>
internal sealed record TwinResponse(
    string Id,
    string Type,
    string Lifecycle,
    string Status,
    DateTimeOffset? LastSeen,
    IReadOnlyDictionary<string, object?> State,
    IReadOnlyDictionary<string, DateTimeOffset> StateUpdatedAt,
    IReadOnlyDictionary<string, object?> Metadata,
    IReadOnlyDictionary<string, object?> Properties,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUpdated,
    long Version,
    TwinMessageCounts Messages,
    IReadOnlyDictionary<string, object?> Desired,
    IReadOnlyDictionary<string, object?> Delta);
