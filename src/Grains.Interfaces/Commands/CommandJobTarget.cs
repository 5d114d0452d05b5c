namespace DigitalTwin.Grains.Interfaces.Commands;

/// <summary>
/// The result of a job for one twin: its command's status, or why the twin refused the command
/// (<see cref="Status"/> null and <see cref="Reason"/> set).
/// </summary>
[GenerateSerializer, Immutable, Alias("dtn.CommandJobTarget")]
public sealed record CommandJobTarget(
    [property: Id(0)] string TwinId,
    [property: Id(1)] string? CommandId,
    [property: Id(2)] CommandStatus? Status,
    [property: Id(3)] string? Reason,
    [property: Id(4)] DateTimeOffset? CompletedAt)
{
    public bool IsFinal => Status is null || Status >= CommandStatus.Succeeded;
}
