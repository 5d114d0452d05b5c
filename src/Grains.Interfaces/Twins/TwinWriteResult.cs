namespace DigitalTwin.Grains.Interfaces.Twins;

/// <summary>The result of a write: its status, the twin afterwards (when it exists) and a reason.</summary>
[GenerateSerializer, Immutable, Alias("dtn.TwinWriteResult")]
public sealed record TwinWriteResult(
    [property: Id(0)] TwinWriteStatus Status,
    [property: Id(1)] TwinSnapshot? Twin,
    [property: Id(2)] string? Reason = null)
{
    public bool Succeeded => Status == TwinWriteStatus.Applied;
}
