namespace DigitalTwin.Container.Tests;

/// <summary>
/// The silo's image, built once per test run by scripts/container-image.sh on a base made from Debian packages (no
/// container registry is reachable here), under a tag of its own.
/// </summary>
public sealed class SiloImage : IAsyncLifetime
{
    public string Tag { get; } = "localhost/dtn-silo-test:latest";

    public async Task InitializeAsync()
    {
        var (exit, output) = await Podman.RunProgramAsync("bash", ["scripts/container-image.sh", "--local-base", "--tag", Tag]);
        Assert.True(exit == 0, $"building the image failed:\n{output}");
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
