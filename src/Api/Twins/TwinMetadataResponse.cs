namespace DigitalTwin.Api.Twins;

internal sealed record TwinMetadataResponse(string TwinId, IReadOnlyDictionary<string, object?> Metadata, long Version);
