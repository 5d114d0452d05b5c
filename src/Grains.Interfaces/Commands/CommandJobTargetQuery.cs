namespace DigitalTwin.Grains.Interfaces.Commands;

/// <summary>A page of a job's per-twin results in twin id order, optionally of one outcome (a status wire name or <c>refused</c>).</summary>
[GenerateSerializer, Immutable, Alias("dtn.CommandJobTargetQuery")]
public sealed record CommandJobTargetQuery(
    [property: Id(0)] string? Outcome,
    [property: Id(1)] int Limit,
    [property: Id(2)] int Offset);
