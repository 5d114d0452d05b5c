namespace DigitalTwin.Api.Twins;

public sealed record TwinMetadataResponse(string TwinId, IReadOnlyDictionary<string, object?> Metadata, long Version);
