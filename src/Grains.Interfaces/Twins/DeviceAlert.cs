namespace DigitalTwin.Grains.Interfaces.Twins;

/// <summary>
/// An error a device reported on <c>device/{id}/error</c> (seed §5.2 "Error Message"), validated by the bridge.
/// </summary>
/// <param name="DeviceId">The device id taken from the topic.</param>
/// <param name="DeviceTimestamp">The device's own time, or the receive time when the payload had none.</param>
/// <param name="ErrorCode">The device's <c>error_code</c>.</param>
/// <param name="Message">The device's <c>message</c>.</param>
/// <param name="Severity"><c>info</c>, <c>warning</c> or <c>critical</c>; <c>warning</c> when the device named none or another.</param>
/// <param name="DetailsJson">The device's <c>details</c> object as JSON, or null.</param>
[GenerateSerializer, Immutable, Alias("dtn.DeviceAlert")]
public sealed record DeviceAlert(
    [property: Id(0)] string DeviceId,
    [property: Id(1)] DateTimeOffset DeviceTimestamp,
    [property: Id(2)] string ErrorCode,
    [property: Id(3)] string Message,
    [property: Id(4)] string Severity,
    [property: Id(5)] string? DetailsJson);
