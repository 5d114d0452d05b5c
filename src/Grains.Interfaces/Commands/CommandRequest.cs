using DigitalTwin.Grains.Interfaces.Values;

namespace DigitalTwin.Grains.Interfaces.Commands;

/// <summary>A command for one device, validated against its device type's declared actions by the twin.</summary>
/// <param name="Action">The action the device type declares.</param>
/// <param name="Parameters">Parameter values, checked against the action's parameter schema.</param>
/// <param name="Timeout">How long to wait for the device's ack once the command is sent.</param>
/// <param name="TimeToLive">How long the command may wait in the queue while the device is offline.</param>
/// <param name="Qos">MQTT quality of service of the publish on <c>device/{id}/command</c>: 1 or 2.</param>
/// <param name="CommandId">A caller-chosen id that makes the request idempotent; null lets the twin choose one.</param>
/// <param name="JobId">The job that sent the command to many twins, if any.</param>
[GenerateSerializer, Immutable, Alias("dtn.CommandRequest")]
public sealed record CommandRequest(
    [property: Id(0)] string Action,
    [property: Id(1)] Dictionary<string, FieldValue> Parameters,
    [property: Id(2)] TimeSpan Timeout,
    [property: Id(3)] TimeSpan TimeToLive,
    [property: Id(4)] int Qos,
    [property: Id(5)] string? CommandId = null,
    [property: Id(6)] string? JobId = null);
