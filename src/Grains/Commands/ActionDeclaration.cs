namespace DigitalTwin.Grains.Commands;

/// <summary>One action a device type carries out, with its parameter schema.</summary>
public sealed class ActionDeclaration
{
    public string? Description { get; set; }

    /// <summary>Parameters by name; a command may carry no others.</summary>
    public Dictionary<string, ParameterDeclaration> Parameters { get; set; } = new(StringComparer.Ordinal);
}
