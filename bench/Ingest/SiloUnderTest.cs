using DigitalTwin.BenchHost;

namespace DigitalTwin.Ingest;

/// <summary>What a run behind a silo's broker reads besides the broker: the silo's process, its API and its storage mode.</summary>
public sealed record SiloUnderTest(SiloProcess Process, SiloApi Api, StorageMode Storage);
