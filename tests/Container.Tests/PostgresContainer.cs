using DigitalTwin.TestSupport;

namespace DigitalTwin.Container.Tests;

/// <summary>A PostgreSQL 15 container of <see cref="ContainerImages.Postgres"/> on the host's network, on a free port; removed when disposed.</summary>
public sealed class PostgresContainer : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    private PostgresContainer(string name, int port)
    {
        Name = name;
        Port = port;
    }

    public string Name { get; }

    public int Port { get; }

    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres";

    /// <summary>Starts the container and waits until the server accepts connections.</summary>
    public static async Task<PostgresContainer> StartAsync(string image)
    {
        var container = new PostgresContainer($"dtn-pg-{Guid.NewGuid():N}"[..18], FreePort.Next());
        var (exit, output) = await Podman.RunAsync("run", "-d", "--name", container.Name, "--network=host", "-e", $"PGPORT={container.Port}", image);
        Assert.True(exit == 0, $"podman run of PostgreSQL failed:\n{output}");
        var deadline = DateTime.UtcNow + ReadyTimeout;
        while ((await Podman.RunAsync("exec", container.Name, "/usr/lib/postgresql/15/bin/pg_isready", "-h", "127.0.0.1", "-p", container.Port.ToString())).ExitCode != 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                var logs = (await Podman.RunAsync("logs", container.Name)).Output;
                await container.DisposeAsync();
                throw new TimeoutException($"PostgreSQL did not accept connections within {ReadyTimeout}:\n{logs}");
            }

            await Task.Delay(250);
        }

        return container;
    }

    public async ValueTask DisposeAsync() => await Podman.RunAsync("rm", "-f", "-t", "0", Name);
}
