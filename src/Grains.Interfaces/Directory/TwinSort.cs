namespace DigitalTwin.Grains.Interfaces.Directory;

/// <summary>The order of a listing. The default, id ascending, is the order listings always had.</summary>
[GenerateSerializer, Immutable, Alias("dtn.TwinSort")]
public readonly record struct TwinSort(
    [property: Id(0)] TwinSortField Field,
    [property: Id(1)] bool Descending);
