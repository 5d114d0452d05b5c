namespace DigitalTwin.Grains.Interfaces.Values;

/// <summary>
/// One scalar value of a twin: a reported field, a metadata entry or a property.
/// A struct so that the ingest path does not allocate per field.
/// </summary>
[GenerateSerializer, Immutable, Alias("dtn.FieldValue")]
public readonly record struct FieldValue
{
    private FieldValue(FieldValueKind kind, double number, string? text)
    {
        Kind = kind;
        Number = number;
        Text = text;
    }

    [Id(0)] public FieldValueKind Kind { get; init; }

    /// <summary>The number, or 1/0 for a boolean.</summary>
    [Id(1)] public double Number { get; init; }

    [Id(2)] public string? Text { get; init; }

    public static FieldValue FromNumber(double value) => new(FieldValueKind.Number, value, null);

    public static FieldValue FromBoolean(bool value) => new(FieldValueKind.Boolean, value ? 1 : 0, null);

    public static FieldValue FromText(string value) => new(FieldValueKind.Text, 0, value);

    /// <summary>The value as a plain CLR object (double, bool or string) for JSON output.</summary>
    public object? ToObject() => Kind switch
    {
        FieldValueKind.Number => Number,
        FieldValueKind.Boolean => Number != 0,
        FieldValueKind.Text => Text,
        _ => null,
    };
}
