using DigitalTwin.Grains.Interfaces.Twins;

namespace DigitalTwin.Grains.Twins;

/// <summary>
/// Whether a device counts as online: it announced <c>online</c> (or sent traffic, which implies it)
/// and was last seen within the inactivity timeout; likewise <c>observed</c> for a host only a network probe saw.
/// Evaluated when asked, so no timer is needed per twin.
/// </summary>
public static class Presence
{
    public static PresenceStatus Evaluate(PresenceStatus announced, DateTimeOffset? lastSeen, DateTimeOffset now, TimeSpan inactivityTimeout) =>
        announced != PresenceStatus.Offline && lastSeen is { } seen && now - seen <= inactivityTimeout
            ? announced
            : PresenceStatus.Offline;
}
