namespace DigitalTwin.Grains.Commands;

/// <summary>What a device type accepts as commands.</summary>
public sealed class DeviceTypeDeclaration
{
    public string? Description { get; set; }

    /// <summary>Actions by name.</summary>
    public Dictionary<string, ActionDeclaration> Actions { get; set; } = new(StringComparer.Ordinal);
}
