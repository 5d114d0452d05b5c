namespace DigitalTwin.Wire.Outbound;

/// <summary>An error message for <c>device/{id}/error</c> (seed §5.2) with its stable code.</summary>
public sealed record DeviceError(string DeviceId, string Code, string Message, string Topic, DateTimeOffset Timestamp);
