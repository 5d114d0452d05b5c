namespace DigitalTwin.Grains.Interfaces.Directory;

/// <summary>One page of a directory query and the number of twins that match it in all.</summary>
[GenerateSerializer, Immutable, Alias("dtn.TwinDirectoryPage")]
public sealed record TwinDirectoryPage(
    [property: Id(0)] int Total,
    [property: Id(1)] TwinDirectoryListing[] Twins);
