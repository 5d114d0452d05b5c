namespace DigitalTwin.Grains.Interfaces.Directory;

/// <summary>
/// One page of a directory query and the number of twins that match it in all. <see cref="NextCursor"/>
/// continues after the last twin of the page; null when no match follows it.
/// </summary>
[GenerateSerializer, Immutable, Alias("dtn.TwinDirectoryPage")]
public sealed record TwinDirectoryPage(
    [property: Id(0)] int Total,
    [property: Id(1)] TwinDirectoryListing[] Twins,
    [property: Id(2)] string? NextCursor = null);
