namespace DigitalTwin.Grains.Interfaces.Values;

/// <summary>A field name with its value, as carried by one device message or API write.</summary>
[GenerateSerializer, Immutable, Alias("dtn.NamedValue")]
public readonly record struct NamedValue([property: Id(0)] string Name, [property: Id(1)] FieldValue Value);
