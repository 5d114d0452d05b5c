namespace DigitalTwin.Grains.Events;

/// <summary>The event types a feed subscription takes, as flags so that matching costs one AND.</summary>
[Flags]
public enum FeedEventTypes
{
    None = 0,
    TwinUpdate = 1,
    Presence = 2,
    Alert = 4,
    CommandStatus = 8,
    AnomalyAlert = 16,

    /// <summary>Every event type, including ones added later.</summary>
    All = -1,
}
