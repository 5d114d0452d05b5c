namespace DigitalTwin.DeviceSimulator.Control;

/// <summary>One action of a device type with its parameters.</summary>
public sealed record ActionSpec(string Description, IReadOnlyDictionary<string, ParameterSpec> Parameters);
