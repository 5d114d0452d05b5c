namespace DigitalTwin.Api.Twins;

/// <summary>What the API tells about one field besides its value.</summary>
public sealed record FieldMetadata(DateTimeOffset UpdatedAt);
