namespace DigitalTwin.DeviceSimulator.Fleet;

/// <summary>How every device of a fleet reaches the broker.</summary>
public sealed record DeviceConnection(string Broker, int Port, string? Username, string? Password, TimeSpan SessionExpiry);
