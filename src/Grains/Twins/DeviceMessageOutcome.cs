using DigitalTwin.Grains.Interfaces.Values;

namespace DigitalTwin.Grains.Twins;

/// <summary>The result of applying a device message, the values it changed and whether it created the twin.</summary>
public sealed record DeviceMessageOutcome(DeviceMessageResult Result, IReadOnlyList<NamedValue> Changed, bool Created, bool PresenceChanged)
{
    public bool ChangedTwin => Created || PresenceChanged || Changed.Count > 0;
}
