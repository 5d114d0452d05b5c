namespace DigitalTwin.Grains.Interfaces.Network;

/// <summary>Windows starting in <c>From ≤ start ≤ To</c> (either open), newest first, at most <paramref name="Limit"/>.</summary>
[GenerateSerializer, Immutable, Alias("dtn.NetworkWindowQuery")]
public sealed record NetworkWindowQuery(
    [property: Id(0)] DateTimeOffset? From,
    [property: Id(1)] DateTimeOffset? To,
    [property: Id(2)] int Limit);
