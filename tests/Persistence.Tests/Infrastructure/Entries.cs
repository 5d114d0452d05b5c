using DigitalTwin.Grains.Interfaces.Directory;
using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.Interfaces.Values;

namespace DigitalTwin.Persistence.Tests.Infrastructure;

/// <summary>Directory entries for tests, with times in whole microseconds as PostgreSQL keeps them.</summary>
public static class Entries
{
    public static readonly DateTimeOffset Start = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    public static TwinDirectoryEntry Entry(
        string id,
        long version = 1,
        string type = "sensor",
        TwinLifecycle lifecycle = TwinLifecycle.Active,
        PresenceStatus presence = PresenceStatus.Online,
        DateTimeOffset? lastSeen = null,
        Dictionary<string, FieldValue>? metadata = null,
        Dictionary<string, FieldValue>? state = null,
        DateTimeOffset? created = null,
        DateTimeOffset? updated = null,
        bool deleted = false) => new()
    {
        Id = id,
        Type = type,
        Lifecycle = lifecycle,
        AnnouncedPresence = presence,
        LastSeen = lastSeen,
        Metadata = metadata ?? [],
        State = state ?? [],
        CreatedAt = created ?? Start,
        LastUpdated = updated ?? Start,
        Version = version,
        Deleted = deleted,
    };

    public static Dictionary<string, FieldValue> Text(string name, string value) => new() { [name] = FieldValue.FromText(value) };
}
