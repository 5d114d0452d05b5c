namespace DigitalTwin.Container.Tests;

/// <summary>
/// The images the container tests run, built once per test run on a base made from Debian packages (no container
/// registry is reachable here): the silo's (scripts/container-image.sh, which makes the base first) and PostgreSQL's
/// (Postgres.Containerfile, on that base).
/// </summary>
public sealed class ContainerImages : IAsyncLifetime
{
    public string Silo { get; } = "localhost/dtn-silo-test:latest";

    public string Postgres { get; } = "localhost/dtn-postgres-test:15";

    public async Task InitializeAsync()
    {
        var (built, output) = await Podman.RunProgramAsync("bash", ["scripts/container-image.sh", "--local-base", "--tag", Silo]);
        Assert.True(built == 0, $"building the silo's image failed:\n{output}");

        // apt inside the build reaches the mirror through the host's network.
        (built, output) = await Podman.RunAsync("build", "--quiet", "--network=host", "-f", "tests/Container.Tests/Postgres.Containerfile", "-t", Postgres, "tests/Container.Tests");
        Assert.True(built == 0, $"building the PostgreSQL image failed:\n{output}");
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
