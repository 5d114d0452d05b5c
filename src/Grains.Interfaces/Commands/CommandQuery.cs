namespace DigitalTwin.Grains.Interfaces.Commands;

/// <summary>A page of a twin's commands, newest first, optionally of one status.</summary>
[GenerateSerializer, Immutable, Alias("dtn.CommandQuery")]
public sealed record CommandQuery(
    [property: Id(0)] CommandStatus? Status,
    [property: Id(1)] int Limit,
    [property: Id(2)] int Offset);
