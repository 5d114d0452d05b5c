using DigitalTwin.Grains.Interfaces.Directory;
using DigitalTwin.Grains.Twins;

namespace DigitalTwin.Grains.Directory;

/// <summary>
/// Answers a <see cref="TwinQuery"/> over entries held in memory, with the rules the PostgreSQL
/// directory states in SQL: tombstones never match, presence is evaluated at <c>now</c>, the order is
/// <see cref="TwinCursor"/>'s, and a page starts at the offset or right after the cursor.
/// </summary>
internal static class TwinDirectorySearch
{
    public static TwinDirectoryPage Run(IEnumerable<TwinDirectoryEntry> entries, TwinQuery query, DateTimeOffset now, TimeSpan inactivityTimeout)
    {
        TwinCursor? after = null;
        if (query.Cursor is { } text && TwinCursor.TryDecode(text, query.Sort, out after) is { } error)
        {
            throw new ArgumentException($"cursor {error}", nameof(query));
        }

        var metadata = Array.ConvertAll(query.Metadata, f => (f.Name, Values: MetadataMatch.ValuesOf(f.Value)));
        var matches = new List<(TwinCursor Position, TwinDirectoryListing Listing)>();
        foreach (var entry in entries)
        {
            if (entry.Deleted
                || (query.Type is { } type && entry.Type != type)
                || (query.IdPrefix is { } prefix && !entry.Id.StartsWith(prefix, StringComparison.Ordinal))
                || (query.Lifecycle is { } lifecycle && entry.Lifecycle != lifecycle)
                || !Array.TrueForAll(metadata, f => MetadataMatch.Matches(entry.Metadata, f.Name, f.Values)))
            {
                continue;
            }

            var presence = Presence.Evaluate(entry.AnnouncedPresence, entry.LastSeen, now, inactivityTimeout);
            if (query.Presence is { } wanted && presence != wanted)
            {
                continue;
            }

            matches.Add((TwinCursor.At(query.Sort, entry), new TwinDirectoryListing(entry, presence)));
        }

        matches.Sort((left, right) => left.Position.CompareTo(right.Position));
        var start = after is null ? query.Offset : matches.FindIndex(m => m.Position.CompareTo(after) > 0);
        if (start < 0)
        {
            start = matches.Count;
        }

        var page = matches.Skip(start).Take(query.Limit).ToArray();
        var more = start + page.Length < matches.Count;
        return new TwinDirectoryPage(
            matches.Count,
            Array.ConvertAll(page, m => m.Listing),
            more && page.Length > 0 ? page[^1].Position.Encode() : null);
    }
}
