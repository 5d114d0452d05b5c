using DigitalTwin.Grains.Interfaces.Commands;
using DigitalTwin.Grains.Interfaces.Values;

namespace DigitalTwin.Grains.Commands;

/// <summary>One command in a twin's persisted state. Only <see cref="CommandTracker"/> changes it.</summary>
[GenerateSerializer, Alias("dtn.TrackedCommand")]
public sealed class TrackedCommand
{
    [Id(0)] public string Id { get; set; } = "";
    [Id(1)] public string Action { get; set; } = "";
    [Id(2)] public Dictionary<string, FieldValue> Parameters { get; set; } = new(StringComparer.Ordinal);
    [Id(3)] public CommandStatus Status { get; set; }
    [Id(4)] public int Qos { get; set; }
    [Id(5)] public TimeSpan Timeout { get; set; }
    [Id(6)] public DateTimeOffset CreatedAt { get; set; }
    [Id(7)] public DateTimeOffset ExpiresAt { get; set; }
    [Id(8)] public DateTimeOffset? SentAt { get; set; }
    [Id(9)] public DateTimeOffset? CompletedAt { get; set; }
    [Id(10)] public string? ResultJson { get; set; }
    [Id(11)] public string? Reason { get; set; }
    [Id(12)] public string? JobId { get; set; }

    public bool IsFinal => Status >= CommandStatus.Succeeded;

    /// <summary>When the command changes state by itself: expiry while queued, ack timeout once sent.</summary>
    public DateTimeOffset? Deadline => Status switch
    {
        CommandStatus.Queued => ExpiresAt,
        CommandStatus.Sent => SentAt + Timeout,
        _ => null,
    };

    public CommandView ToView(string twinId) => new()
    {
        CommandId = Id,
        TwinId = twinId,
        Action = Action,
        Parameters = new(Parameters, StringComparer.Ordinal),
        Status = Status,
        Qos = Qos,
        Timeout = Timeout,
        CreatedAt = CreatedAt,
        ExpiresAt = ExpiresAt,
        SentAt = SentAt,
        CompletedAt = CompletedAt,
        ResultJson = ResultJson,
        Reason = Reason,
        JobId = JobId,
    };
}
