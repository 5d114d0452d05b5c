namespace DigitalTwin.Grains.Payloads;

/// <summary>Error codes sent on <c>device/{id}/error</c> and used as rejection reasons in metrics.</summary>
public static class PayloadErrorCodes
{
    public const string InvalidJson = "INVALID_JSON";
    public const string InvalidPayload = "INVALID_PAYLOAD";
    public const string InvalidValue = "INVALID_VALUE";
    public const string InvalidTopic = "INVALID_TOPIC";
    public const string InvalidDeviceId = "INVALID_DEVICE_ID";
    public const string PayloadTooLarge = "PAYLOAD_TOO_LARGE";
    public const string DeviceIdMismatch = "DEVICE_ID_MISMATCH";
    public const string TimestampOutOfRange = "TIMESTAMP_OUT_OF_RANGE";
    public const string TwinNotFound = "TWIN_NOT_FOUND";
    public const string TwinDecommissioned = "TWIN_DECOMMISSIONED";
    public const string Overloaded = "OVERLOADED";
    public const string TooManyFields = "TOO_MANY_FIELDS";
    public const string Forbidden = "FORBIDDEN_TOPIC";
}
