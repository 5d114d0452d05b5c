namespace DigitalTwin.DeviceSimulator.Traffic;

/// <summary>An anomaly class's snake_case name, what its rate counts, and its default parameters.</summary>
public sealed record AnomalyDescriptor(AnomalyClass Class, string Name, string RateMeaning, AnomalyParameters Defaults);
