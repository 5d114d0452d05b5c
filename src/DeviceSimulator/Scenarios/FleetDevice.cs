namespace DigitalTwin.DeviceSimulator.Scenarios;

/// <summary>
/// One device of a scenario's fleet: its id (<c>temperature-sensor-0001</c>), type, own seed (derived from the
/// scenario seed and the id, so adding devices never changes another's traffic) and dataset split.
/// </summary>
public sealed record FleetDevice(int Index, string Id, string Type, ulong Seed, string Split);
