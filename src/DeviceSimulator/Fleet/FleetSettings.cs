namespace DigitalTwin.DeviceSimulator.Fleet;

/// <summary>What every device of a fleet shares: the broker, the seed, the network window, the fault and failure rates, the connect ramp.</summary>
public sealed record FleetSettings(DeviceConnection Connection, ulong Seed, double WindowSeconds, double FaultRate, double FailureRate, double ConnectRate);
