using DigitalTwin.Grains.Interfaces.Values;

namespace DigitalTwin.Grains.Interfaces.Commands;

/// <summary>One command of a twin as the API shows it.</summary>
[GenerateSerializer, Immutable, Alias("dtn.CommandView")]
public sealed record CommandView
{
    [Id(0)] public required string CommandId { get; init; }
    [Id(1)] public required string TwinId { get; init; }
    [Id(2)] public required string Action { get; init; }
    [Id(3)] public required Dictionary<string, FieldValue> Parameters { get; init; }
    [Id(4)] public required CommandStatus Status { get; init; }
    [Id(5)] public required int Qos { get; init; }
    [Id(6)] public required TimeSpan Timeout { get; init; }
    [Id(7)] public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When a queued command expires unsent.</summary>
    [Id(8)] public required DateTimeOffset ExpiresAt { get; init; }

    [Id(9)] public DateTimeOffset? SentAt { get; init; }

    /// <summary>When the command reached its final state.</summary>
    [Id(10)] public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>The <c>result</c> object of the device's ack, as JSON.</summary>
    [Id(11)] public string? ResultJson { get; init; }

    /// <summary>Why the command failed, timed out, expired or was cancelled.</summary>
    [Id(12)] public string? Reason { get; init; }

    [Id(13)] public string? JobId { get; init; }

    public bool IsFinal => Status >= CommandStatus.Succeeded;
}
