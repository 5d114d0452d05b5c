namespace DigitalTwin.Grains.Interfaces.Events;

/// <summary>The live-feed hub of another silo, and whether it had consumers when it last registered.</summary>
[GenerateSerializer, Immutable, Alias("dtn.FeedRelayPeer")]
public sealed record FeedRelayPeer(
    [property: Id(0)] SiloAddress Silo,
    [property: Id(1)] ITwinEventObserver Observer,
    [property: Id(2)] bool HasConsumers);
