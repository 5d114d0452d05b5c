using DigitalTwin.Grains.Interfaces.Events;

namespace DigitalTwin.Grains.Events;

/// <summary>
/// One subscription of a feed consumer: a twin id, a device type, or neither (every twin), narrowed to some
/// event types, and its <c>anomaly_alert</c> events to an alert severity and a suspected behaviour (other event
/// types pass those two by). Value equality, so an <c>unsubscribe</c> names a subscription by repeating it.
/// </summary>
public sealed record FeedFilter(string? TwinId, string? TwinType, FeedEventTypes Events, string? AlertSeverity = null, string? AlertType = null)
{
    /// <summary>Every event of every twin.</summary>
    public static FeedFilter Everything { get; } = new(null, null, FeedEventTypes.All);

    public bool Matches(TwinEvent twinEvent) =>
        (TwinId is null || string.Equals(TwinId, twinEvent.TwinId, StringComparison.Ordinal))
        && (TwinType is null || string.Equals(TwinType, twinEvent.TwinType, StringComparison.Ordinal))
        && (Events == FeedEventTypes.All || (Events & TypeOf(twinEvent.Type)) != 0)
        && ((AlertSeverity is null && AlertType is null) || MatchesAlert(twinEvent));

    /// <summary>Two string comparisons: the severity and type travel on the event, the JSON is never read.</summary>
    private bool MatchesAlert(TwinEvent twinEvent) =>
        !string.Equals(twinEvent.Type, TwinEventTypes.AnomalyAlert, StringComparison.Ordinal)
        || ((AlertSeverity is null || string.Equals(AlertSeverity, twinEvent.AlertSeverity, StringComparison.Ordinal))
            && (AlertType is null || string.Equals(AlertType, twinEvent.AlertType, StringComparison.Ordinal)));

    /// <summary>Reads event type names; <paramref name="unknown"/> is the first name that is not one.</summary>
    public static bool TryParseEvents(IEnumerable<string> names, out FeedEventTypes events, out string? unknown)
    {
        events = FeedEventTypes.None;
        unknown = null;
        foreach (var name in names)
        {
            var type = TypeOf(name);
            if (type == FeedEventTypes.None)
            {
                unknown = name;
                return false;
            }

            events |= type;
        }

        if (events == FeedEventTypes.None)
        {
            events = FeedEventTypes.All;
        }

        return true;
    }

    /// <summary>The names of the event types, for confirmations; empty for all of them.</summary>
    public static IEnumerable<string> NamesOf(FeedEventTypes events)
    {
        if (events == FeedEventTypes.All)
        {
            yield break;
        }

        foreach (var name in (string[])[TwinEventTypes.TwinUpdate, TwinEventTypes.Presence, TwinEventTypes.Alert, TwinEventTypes.CommandStatus, TwinEventTypes.AnomalyAlert])
        {
            if ((events & TypeOf(name)) != 0)
            {
                yield return name;
            }
        }
    }

    private static FeedEventTypes TypeOf(string name) => name switch
    {
        TwinEventTypes.TwinUpdate => FeedEventTypes.TwinUpdate,
        TwinEventTypes.Presence => FeedEventTypes.Presence,
        TwinEventTypes.Alert => FeedEventTypes.Alert,
        TwinEventTypes.CommandStatus => FeedEventTypes.CommandStatus,
        TwinEventTypes.AnomalyAlert => FeedEventTypes.AnomalyAlert,
        _ => FeedEventTypes.None,
    };
}
