using DigitalTwin.Behaviour.Dataset;
using DigitalTwin.Behaviour.Features;

namespace DigitalTwin.DeviceSimulator.Traffic;

/// <summary>
/// One device's window: the features a device publishes, and the ground truth that stays with the simulator
/// (it goes to datasets and ground-truth files, never to the twins).
/// </summary>
public readonly record struct WindowSample(NetworkWindow Window, GroundTruth Truth);
