namespace DigitalTwin.Container.Tests;

/// <summary>The container tests share their images and run one class after the other: each runs several containers.</summary>
[CollectionDefinition(Name)]
public sealed class ContainerImagesCollection : ICollectionFixture<ContainerImages>
{
    public const string Name = "container images";
}
