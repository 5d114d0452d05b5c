using DigitalTwin.Grains.Interfaces.Alerts;

namespace DigitalTwin.Grains.Detection;

/// <summary>
/// Answers an <see cref="AlertQuery"/> over alerts held in memory, with the rules the PostgreSQL alert store states
/// in SQL: every given filter matches, <c>from</c>/<c>to</c> bound the last-seen time (inclusive, to the
/// microsecond), the order is <see cref="AlertCursor"/>'s and a page starts right after the cursor.
/// </summary>
internal static class AlertSearch
{
    /// <summary>One page of the matches; an unusable cursor throws <see cref="ArgumentException"/>.</summary>
    public static AlertPage Run(IEnumerable<AnomalyAlert> alerts, AlertQuery query)
    {
        AlertCursor? after = null;
        if (query.Cursor is { } text && AlertCursor.TryDecode(text, out after) is { } error)
        {
            throw new ArgumentException($"cursor {error}", nameof(query));
        }

        var from = query.From is { } start ? AlertCursor.ToMicroseconds(start) : (DateTimeOffset?)null;
        var to = query.To is { } end ? AlertCursor.ToMicroseconds(end) : (DateTimeOffset?)null;
        var matches = new List<(AlertCursor Position, AnomalyAlert Alert)>();
        foreach (var alert in alerts)
        {
            if (Matches(alert, query, from, to))
            {
                matches.Add((AlertCursor.At(alert), alert));
            }
        }

        matches.Sort((left, right) => left.Position.CompareTo(right.Position));
        var first = after is null ? 0 : matches.FindIndex(m => m.Position.CompareTo(after) > 0);
        if (first < 0)
        {
            first = matches.Count;
        }

        var page = matches.Skip(first).Take(query.Limit).ToArray();
        var more = first + page.Length < matches.Count;
        return new AlertPage(matches.Count, Array.ConvertAll(page, m => m.Alert), more && page.Length > 0 ? page[^1].Position.Encode() : null);
    }

    private static bool Matches(AnomalyAlert alert, AlertQuery query, DateTimeOffset? from, DateTimeOffset? to)
    {
        if ((query.TwinId is { } twin && !string.Equals(alert.TwinId, twin, StringComparison.Ordinal))
            || (query.Type is { } type && !string.Equals(alert.Type, type, StringComparison.Ordinal))
            || (query.Severity is { } severity && alert.Severity != severity)
            || (query.Status is { } status && alert.Status != status)
            || (query.Acknowledged is { } acknowledged && (alert.AcknowledgedBy is not null) != acknowledged))
        {
            return false;
        }

        var lastSeen = AlertCursor.ToMicroseconds(alert.LastSeen);
        return (from is null || lastSeen >= from) && (to is null || lastSeen <= to);
    }
}
