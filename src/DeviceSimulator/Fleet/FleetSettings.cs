namespace DigitalTwin.DeviceSimulator.Fleet;

/// <summary>What every device of a fleet shares: the broker, the seed, the fault and failure rates, the connect ramp.</summary>
public sealed record FleetSettings(DeviceConnection Connection, ulong Seed, double FaultRate, double FailureRate, double ConnectRate);
