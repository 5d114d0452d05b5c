namespace DigitalTwin.Grains.Interfaces.Commands;

/// <summary>A command job as the API shows it: what it sends, to how many twins, and how far it got.</summary>
[GenerateSerializer, Immutable, Alias("dtn.CommandJobView")]
public sealed record CommandJobView
{
    [Id(0)] public required string JobId { get; init; }
    [Id(1)] public required CommandJobRequest Request { get; init; }
    [Id(2)] public required CommandJobStatus Status { get; init; }
    [Id(3)] public required DateTimeOffset CreatedAt { get; init; }
    [Id(4)] public DateTimeOffset? CompletedAt { get; init; }
    [Id(5)] public required int Targets { get; init; }

    /// <summary>Twins per command status (wire names), plus <c>refused</c> for twins that refused the command.</summary>
    [Id(6)] public required Dictionary<string, int> Counts { get; init; }

    /// <summary>Why the job addresses fewer twins than its filter selected, if it does.</summary>
    [Id(7)] public string? Error { get; init; }
}
