using DigitalTwin.Grains.Interfaces.Twins;

namespace DigitalTwin.Grains.Twins;

/// <summary>
/// Whether a device counts as online: it announced <c>online</c> (or sent traffic, which implies it)
/// and was last seen within the inactivity timeout. Evaluated when asked, so no timer is needed per twin.
/// </summary>
public static class Presence
{
    public static PresenceStatus Evaluate(PresenceStatus announced, DateTimeOffset? lastSeen, DateTimeOffset now, TimeSpan inactivityTimeout) =>
        announced == PresenceStatus.Online && lastSeen is { } seen && now - seen <= inactivityTimeout
            ? PresenceStatus.Online
            : PresenceStatus.Offline;
}
