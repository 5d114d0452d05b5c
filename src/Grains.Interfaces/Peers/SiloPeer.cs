namespace DigitalTwin.Grains.Interfaces.Peers;

/// <summary>
/// A per-silo service of another silo, and whether it was interested when it last said so: a live-feed hub with
/// consumers, a broker with subscribers to other devices' or twins' topics. <see cref="Version"/> counts the changes of
/// interest on that silo: of two accounts of it (a registration, an announcement), the higher version is the newer.
/// </summary>
[GenerateSerializer, Immutable, Alias("dtn.SiloPeer`1")]
public sealed record SiloPeer<TObserver>(
    [property: Id(0)] SiloAddress Silo,
    [property: Id(1)] TObserver Observer,
    [property: Id(2)] bool Interested,
    [property: Id(3)] long Version)
    where TObserver : IGrainObserver;
