namespace DigitalTwin.Grains.Interfaces.Values;

/// <summary>A reported value and the device time it was last updated at (the last-write-wins clock).</summary>
[GenerateSerializer, Immutable, Alias("dtn.ReportedField")]
public readonly record struct ReportedField([property: Id(0)] FieldValue Value, [property: Id(1)] DateTimeOffset UpdatedAt);
