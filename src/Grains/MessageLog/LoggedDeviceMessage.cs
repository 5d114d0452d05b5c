using DigitalTwin.Grains.Interfaces.Twins;

namespace DigitalTwin.Grains.MessageLog;

/// <summary>A device message at its place in the log (or, in memory, in its queue).</summary>
public sealed record LoggedDeviceMessage(long Sequence, DeviceMessage Message);
