using DigitalTwin.Grains.Interfaces.Values;

namespace DigitalTwin.Grains.Interfaces.Twins;

/// <summary>
/// A validated message from a device, as the bridge hands it to the twin.
/// </summary>
/// <param name="DeviceId">The device id taken from the topic.</param>
/// <param name="Kind">Topic the message came on.</param>
/// <param name="DeviceTimestamp">The device's own time, or the receive time when the payload had none.</param>
/// <param name="ReceivedAt">When the platform received the message.</param>
/// <param name="DeviceType">The type named in the payload, if any (used by auto-discovery).</param>
/// <param name="Values">Reported values (telemetry/state); empty for status messages.</param>
/// <param name="Presence">The announced presence, for status messages.</param>
[GenerateSerializer, Immutable, Alias("dtn.DeviceMessage")]
public sealed record DeviceMessage(
    [property: Id(0)] string DeviceId,
    [property: Id(1)] DeviceMessageKind Kind,
    [property: Id(2)] DateTimeOffset DeviceTimestamp,
    [property: Id(3)] DateTimeOffset ReceivedAt,
    [property: Id(4)] string? DeviceType,
    [property: Id(5)] NamedValue[] Values,
    [property: Id(6)] PresenceStatus? Presence);
