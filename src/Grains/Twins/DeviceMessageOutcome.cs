using DigitalTwin.Grains.Interfaces.Values;

namespace DigitalTwin.Grains.Twins;

/// <summary>
/// The result of applying a device message, the values it changed, whether it created the twin and
/// whether it changed which desired fields the device still has to take (<see cref="DeltaChanged"/>) and whether
/// its device time was further ahead than the twin tolerates (<see cref="ClockSkewed"/>).
/// </summary>
public sealed record DeviceMessageOutcome(DeviceMessageResult Result, IReadOnlyList<NamedValue> Changed, bool Created, bool PresenceChanged, bool DeltaChanged = false, bool ClockSkewed = false)
{
    public bool ChangedTwin => Created || PresenceChanged || Changed.Count > 0;
}
