using DigitalTwin.Grains.Commands;

namespace DigitalTwin.Api.Commands;

/// <summary>A device type and the actions it accepts, with their parameter schemas.</summary>
internal sealed record DeviceTypeResponse(string Type, string? Description, IReadOnlyDictionary<string, ActionDeclaration> Actions);
