namespace DigitalTwin.Api.Twins;

/// <summary>A twin's reported state with the device time each field was last updated.</summary>
internal sealed record TwinStateResponse(
    string TwinId,
    IReadOnlyDictionary<string, object?> State,
    IReadOnlyDictionary<string, DateTimeOffset> StateUpdatedAt,
    long Version,
    DateTimeOffset LastUpdated);
