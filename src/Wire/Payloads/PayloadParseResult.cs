using DigitalTwin.Grains.Interfaces.Twins;

namespace DigitalTwin.Wire.Payloads;

/// <summary>Either the parsed device message or the reason the payload was refused.</summary>
public readonly struct PayloadParseResult
{
    private PayloadParseResult(DeviceMessage? message, PayloadError? error)
    {
        Message = message;
        Error = error;
    }

    public DeviceMessage? Message { get; }

    public PayloadError? Error { get; }

    public static implicit operator PayloadParseResult(DeviceMessage message) => new(message, null);

    public static implicit operator PayloadParseResult(PayloadError error) => new(null, error);
}
