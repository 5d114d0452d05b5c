namespace DigitalTwin.Wire.Payloads;

/// <summary>Why a payload was refused: a stable code (as in the error message's <c>error_code</c>) and a readable message.</summary>
public sealed record PayloadError(string Code, string Message)
{
    public static PayloadError InvalidJson(string message) => new(PayloadErrorCodes.InvalidJson, message);

    public static PayloadError InvalidPayload(string message) => new(PayloadErrorCodes.InvalidPayload, message);

    public static PayloadError InvalidValue(string message) => new(PayloadErrorCodes.InvalidValue, message);
}
