namespace DigitalTwin.Grains.Interfaces.Commands;

/// <summary>The result of sending or cancelling a command: its status, the command when there is one, and a reason.</summary>
[GenerateSerializer, Immutable, Alias("dtn.CommandResult")]
public sealed record CommandResult(
    [property: Id(0)] CommandResultStatus Status,
    [property: Id(1)] CommandView? Command,
    [property: Id(2)] string? Reason = null)
{
    public bool Succeeded => Status is CommandResultStatus.Accepted or CommandResultStatus.Existing;
}
