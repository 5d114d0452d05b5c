namespace DigitalTwin.Grains.Interfaces.Commands;

/// <summary>A page of commands, how many match in all, and how many acks matched no unfinished command.</summary>
[GenerateSerializer, Immutable, Alias("dtn.CommandPage")]
public sealed record CommandPage(
    [property: Id(0)] int Total,
    [property: Id(1)] CommandView[] Commands,
    [property: Id(2)] long UnmatchedAcks);
