namespace DigitalTwin.Grains.Interfaces.Twins;

/// <summary>What happened to one twin's device messages since it was created.</summary>
/// <param name="Accepted">Messages that were applied.</param>
/// <param name="Stale">Messages older than the state they would have overwritten (last-write-wins).</param>
/// <param name="Ignored">Messages that arrived while the twin was suspended.</param>
/// <param name="Rejected">Messages refused by the twin (decommissioned, too many reported fields).</param>
/// <param name="ClockSkewed">
/// Messages and network windows stamped further ahead of their receive time than <c>Twins:FutureTimestampTolerance</c>:
/// messages ordered by their receive time, windows refused.
/// </param>
[GenerateSerializer, Immutable, Alias("dtn.TwinCounters")]
public sealed record TwinCounters(
    [property: Id(0)] long Accepted,
    [property: Id(1)] long Stale,
    [property: Id(2)] long Ignored,
    [property: Id(3)] long Rejected,
    [property: Id(4)] long ClockSkewed);
