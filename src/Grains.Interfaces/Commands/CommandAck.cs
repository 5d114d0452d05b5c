namespace DigitalTwin.Grains.Interfaces.Commands;

/// <summary>A device's validated acknowledgement of a command, from <c>device/{id}/ack</c>.</summary>
/// <param name="DeviceId">The device id taken from the topic.</param>
/// <param name="CommandId">The command it answers.</param>
/// <param name="Succeeded">Whether the device says it carried the command out.</param>
/// <param name="ResultJson">The ack's <c>result</c> object, as JSON, if any.</param>
/// <param name="Message">The device's own words about a failure, if any.</param>
/// <param name="ReceivedAt">When the platform received the ack.</param>
[GenerateSerializer, Immutable, Alias("dtn.CommandAck")]
public sealed record CommandAck(
    [property: Id(0)] string DeviceId,
    [property: Id(1)] string CommandId,
    [property: Id(2)] bool Succeeded,
    [property: Id(3)] string? ResultJson,
    [property: Id(4)] string? Message,
    [property: Id(5)] DateTimeOffset ReceivedAt);
