namespace DigitalTwin.Behaviour.Wire;

/// <summary>
/// Error codes of refused device payloads, as sent in the <c>error_code</c> of <c>device/{id}/error</c>. The
/// platform's payload codes (<c>PayloadErrorCodes</c> in Wire) reuse these, so a code means one thing on every topic.
/// </summary>
public static class WireErrorCodes
{
    public const string InvalidJson = "INVALID_JSON";
    public const string InvalidPayload = "INVALID_PAYLOAD";
    public const string InvalidValue = "INVALID_VALUE";
    public const string DeviceIdMismatch = "DEVICE_ID_MISMATCH";
    public const string TimestampOutOfRange = "TIMESTAMP_OUT_OF_RANGE";
    public const string UnknownFeature = "UNKNOWN_FEATURE";
    public const string UnsupportedSchema = "UNSUPPORTED_SCHEMA";
}
