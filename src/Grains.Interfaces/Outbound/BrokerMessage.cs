namespace DigitalTwin.Grains.Interfaces.Outbound;

/// <summary>A message the platform publishes, carried to another silo's broker (<see cref="IBrokerRelay"/>).</summary>
[GenerateSerializer, Immutable, Alias("dtn.BrokerMessage")]
public sealed record BrokerMessage(
    [property: Id(0)] string Topic,
    [property: Id(1)] byte[] Payload,
    [property: Id(2)] byte Qos,
    [property: Id(3)] bool Retain);
