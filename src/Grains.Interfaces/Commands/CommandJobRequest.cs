using DigitalTwin.Grains.Interfaces.Directory;

namespace DigitalTwin.Grains.Interfaces.Commands;

/// <summary>
/// A command for many twins: either every twin the directory <see cref="Filter"/> selects (its filters
/// only; paging is the job's business) or the twins named in <see cref="TwinIds"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("dtn.CommandJobRequest")]
public sealed record CommandJobRequest
{
    [Id(0)] public TwinQuery? Filter { get; init; }
    [Id(1)] public string[]? TwinIds { get; init; }

    /// <summary>The command each twin gets; its <see cref="CommandRequest.CommandId"/> is set per twin by the job.</summary>
    [Id(2)] public required CommandRequest Command { get; init; }
}
