using DigitalTwin.Grains.Interfaces.Twins;

namespace DigitalTwin.Grains.MessageLog;

/// <summary>A device message as the twin accepted it, at its place in the twin's log.</summary>
public sealed record LoggedDeviceMessage(long Sequence, DeviceMessage Message);
