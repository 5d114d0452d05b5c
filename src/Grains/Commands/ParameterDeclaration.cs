namespace DigitalTwin.Grains.Commands;

/// <summary>One parameter of a device action: its type and the values it may take.</summary>
public sealed class ParameterDeclaration
{
    /// <summary><c>number</c>, <c>integer</c>, <c>boolean</c> or <c>string</c>.</summary>
    public string Type { get; set; } = ParameterTypes.Number;

    public bool Required { get; set; }

    /// <summary>Smallest allowed number (numbers and integers).</summary>
    public double? Minimum { get; set; }

    /// <summary>Largest allowed number (numbers and integers).</summary>
    public double? Maximum { get; set; }

    /// <summary>The allowed strings, when the parameter is one of a fixed set.</summary>
    public string[]? Values { get; set; }

    /// <summary>Longest allowed string.</summary>
    public int? MaxLength { get; set; }

    public string? Description { get; set; }
}
