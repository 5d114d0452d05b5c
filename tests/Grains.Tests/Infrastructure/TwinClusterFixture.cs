using DigitalTwin.Grains.Directory;
using DigitalTwin.Grains.Hosting;
using DigitalTwin.Grains.Interfaces.Commands;
using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.Outbound;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace DigitalTwin.Grains.Tests.Infrastructure;

/// <summary>
/// One in-process silo with the twins added as the host adds them, and a client that hands device
/// messages to twins the way the MQTT bridge does. Errors and twin updates go to a
/// <see cref="RecordingDeviceChannel"/>.
/// </summary>
public abstract class TwinClusterFixture : IAsyncLifetime
{
    private InProcessTestCluster? _cluster;

    public RecordingDeviceChannel Channel { get; } = new();

    public InProcessTestCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster has not started.");

    public IClusterClient Client => Cluster.Client;

    /// <summary>The settings of this cluster (<c>Twins:*</c>, <c>Streams:*</c>), on top of the fast intervals every test cluster uses.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings => [];

    /// <summary>
    /// Services of this cluster's silo, added before the twins so they take the place of the defaults the twins add
    /// only when nothing else provides them (the message log, the queue store).
    /// </summary>
    protected virtual void AddServices(IServiceCollection services)
    {
    }

    public ITwinGrain Twin(string deviceId) => Client.GetGrain<ITwinGrain>(deviceId);

    /// <summary>The commands side of the same twin.</summary>
    public ITwinCommandsGrain Commands(string deviceId) => Client.GetGrain<ITwinCommandsGrain>(deviceId);

    /// <summary>The desired-state side of the same twin.</summary>
    public ITwinDesiredStateGrain Desired(string deviceId) => Client.GetGrain<ITwinDesiredStateGrain>(deviceId);

    /// <summary>The directory as the API sees it: resolved from the silo's services.</summary>
    public ITwinDirectory Directory => Cluster.Silos[0].ServiceProvider.GetRequiredService<ITwinDirectory>();

    public Task SendAsync(DeviceMessage message) => Twin(message.DeviceId).ReceiveAsync(message);

    public async Task InitializeAsync()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Twins:DirectoryUpdateInterval"] = "00:00:00.100",
                ["Twins:SnapshotInterval"] = "00:00:00.200",
            })
            .AddInMemoryCollection(Settings)
            .Build();

        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            AddServices(silo.Services);
            silo.AddTwins(configuration);
            AddStorage(silo);
            silo.UseInMemoryReminderService();
            silo.Services.AddSingleton<IDeviceChannel>(Channel);
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    /// <summary>The twins' storage: in memory, as in the silo's memory mode.</summary>
    protected virtual void AddStorage(ISiloBuilder silo) => silo.AddInMemoryTwinStorage();

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
