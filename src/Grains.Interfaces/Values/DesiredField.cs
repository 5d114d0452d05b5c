namespace DigitalTwin.Grains.Interfaces.Values;

/// <summary>A desired value and the server time it was last written at through the API.</summary>
[GenerateSerializer, Immutable, Alias("dtn.DesiredField")]
public readonly record struct DesiredField([property: Id(0)] FieldValue Value, [property: Id(1)] DateTimeOffset UpdatedAt);
