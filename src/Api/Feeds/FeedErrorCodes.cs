namespace DigitalTwin.Api.Feeds;

/// <summary>The <c>code</c> of a WebSocket <c>{"type":"error"}</c> frame; the connection stays open after each.</summary>
internal static class FeedErrorCodes
{
    public const string InvalidJson = "INVALID_JSON";
    public const string InvalidFrame = "INVALID_FRAME";
    public const string UnknownAction = "UNKNOWN_ACTION";
    public const string InvalidTwinId = "INVALID_TWIN_ID";
    public const string InvalidType = "INVALID_TYPE";
    public const string InvalidEventType = "INVALID_EVENT_TYPE";
    public const string InvalidSeverity = "INVALID_SEVERITY";
    public const string InvalidAlertType = "INVALID_ALERT_TYPE";
    public const string TooManySubscriptions = "TOO_MANY_SUBSCRIPTIONS";
    public const string NotSubscribed = "NOT_SUBSCRIBED";
    public const string FrameTooLarge = "FRAME_TOO_LARGE";
    public const string BinaryNotSupported = "BINARY_NOT_SUPPORTED";
}
