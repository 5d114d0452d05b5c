using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.Interfaces.Values;

namespace DigitalTwin.Wire.Outbound;

/// <summary>
/// A change to a twin, published on <c>twin/{id}/update</c>: the values that changed and the twin's new
/// version, or its deletion.
/// </summary>
public sealed record TwinUpdate(
    string TwinId,
    long Version,
    DateTimeOffset Timestamp,
    TwinLifecycle Lifecycle,
    PresenceStatus Presence,
    IReadOnlyList<NamedValue> Changed,
    string Source,
    bool Deleted = false);
