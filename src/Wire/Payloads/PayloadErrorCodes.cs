using DigitalTwin.Behaviour.Wire;

namespace DigitalTwin.Wire.Payloads;

/// <summary>Error codes sent on <c>device/{id}/error</c> and used as rejection reasons in metrics.</summary>
public static class PayloadErrorCodes
{
    public const string InvalidJson = WireErrorCodes.InvalidJson;
    public const string InvalidPayload = WireErrorCodes.InvalidPayload;
    public const string InvalidValue = WireErrorCodes.InvalidValue;
    public const string InvalidTopic = "INVALID_TOPIC";
    public const string InvalidDeviceId = "INVALID_DEVICE_ID";
    public const string PayloadTooLarge = "PAYLOAD_TOO_LARGE";
    public const string DeviceIdMismatch = WireErrorCodes.DeviceIdMismatch;
    public const string TimestampOutOfRange = WireErrorCodes.TimestampOutOfRange;
    public const string TwinNotFound = "TWIN_NOT_FOUND";
    public const string TwinDecommissioned = "TWIN_DECOMMISSIONED";
    public const string Overloaded = "OVERLOADED";

    /// <summary>
    /// A valid message the twin failed on with an error a re-send would meet again (not the cluster or the database
    /// being away, which are retried): refused at once, not applied; the silo's log holds the failure.
    /// </summary>
    public const string TwinFailed = "TWIN_FAILED";
    public const string TooManyFields = "TOO_MANY_FIELDS";
    public const string Forbidden = "FORBIDDEN_TOPIC";

    /// <summary>With broker authentication on: the topic is not one this client's identity may publish on (the topic ACL).</summary>
    public const string NotAuthorized = "NOT_AUTHORIZED";

    /// <summary>The device sent more than <c>Mqtt:DeviceLimits</c> allows (messages or bytes a second).</summary>
    public const string RateLimited = "RATE_LIMITED";

    /// <summary>An unknown device's message would have created a twin beyond <c>Twins:MaxDiscoveriesPerMinute</c>.</summary>
    public const string DiscoveryCapped = "DISCOVERY_CAPPED";
    public const string UnknownFeature = WireErrorCodes.UnknownFeature;
    public const string UnsupportedSchema = WireErrorCodes.UnsupportedSchema;

    /// <summary>A network window that starts before the twin's latest one.</summary>
    public const string WindowOutOfOrder = "WINDOW_OUT_OF_ORDER";

    /// <summary>
    /// A device time further ahead of its receive time than <c>Twins:FutureTimestampTolerance</c>: the message was
    /// ordered by its receive time (a network window was refused). Told at most once a minute per device.
    /// </summary>
    public const string ClockSkew = "CLOCK_SKEW";

    /// <summary>
    /// A message whose every value was older than the value it would replace (last-write-wins): it changed no
    /// reported value. Told at most once a minute per device.
    /// </summary>
    public const string StaleMessage = "STALE_MESSAGE";

    /// <summary>
    /// A network window from a probe for a twin that takes the device's own windows, or the other way round: refused,
    /// because two measurements of one host interleaved in one twin would be neither. Map the probe's host to another id.
    /// </summary>
    public const string NetworkSourceConflict = "NETWORK_SOURCE_CONFLICT";

    /// <summary>A network window with the start of one the twin already holds (a re-send): ignored.</summary>
    public const string DuplicateWindow = "DUPLICATE_WINDOW";

    /// <summary>A PUBLISH whose topic name is empty or holds a wildcard or U+0000: a protocol violation, the connection is closed.</summary>
    public const string InvalidTopicName = "INVALID_TOPIC_NAME";

    /// <summary>A PUBLISH with a topic alias above the broker's Topic Alias Maximum: a protocol violation, the connection is closed.</summary>
    public const string InvalidTopicAlias = "INVALID_TOPIC_ALIAS";
}
