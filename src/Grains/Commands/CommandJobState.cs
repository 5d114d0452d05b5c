using DigitalTwin.Grains.Interfaces.Commands;

namespace DigitalTwin.Grains.Commands;

/// <summary>The persisted state of one command job. Only <see cref="CommandJob"/> changes it.</summary>
[GenerateSerializer, Alias("dtn.CommandJobState")]
public sealed class CommandJobState
{
    [Id(0)] public bool Exists { get; set; }
    [Id(1)] public CommandJobRequest? Request { get; set; }
    [Id(2)] public CommandJobStatus Status { get; set; }
    [Id(3)] public DateTimeOffset CreatedAt { get; set; }
    [Id(4)] public DateTimeOffset? CompletedAt { get; set; }
    [Id(5)] public string? Error { get; set; }

    /// <summary>Every twin the job addresses, in the order it sends to them; a target without command id and reason is not sent yet.</summary>
    [Id(6)] public List<CommandJobTarget> Targets { get; set; } = [];

    /// <summary>Whether the targets are all known (the filter is resolved).</summary>
    [Id(7)] public bool Resolved { get; set; }
}
