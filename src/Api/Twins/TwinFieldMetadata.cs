namespace DigitalTwin.Api.Twins;

/// <summary>When each desired field was written (server time) and each reported field updated (device time).</summary>
internal sealed record TwinFieldMetadata(
    IReadOnlyDictionary<string, FieldMetadata> Desired,
    IReadOnlyDictionary<string, FieldMetadata> Reported);
