namespace DigitalTwin.Grains.Interfaces.Commands;

/// <summary>A page of a job's per-twin results and how many match in all.</summary>
[GenerateSerializer, Immutable, Alias("dtn.CommandJobTargetPage")]
public sealed record CommandJobTargetPage(
    [property: Id(0)] int Total,
    [property: Id(1)] CommandJobTarget[] Targets);
