using DigitalTwin.Grains.Audit;
using DigitalTwin.Grains.Commands;
using DigitalTwin.Grains.Diagnostics;
using DigitalTwin.Grains.Directory;
using DigitalTwin.Grains.Events;
using DigitalTwin.Grains.MessageLog;
using DigitalTwin.Grains.History;
using DigitalTwin.Grains.Detection;
using DigitalTwin.Grains.Network;
using DigitalTwin.Grains.Streams;
using DigitalTwin.Grains.Security;
using DigitalTwin.Grains.Twins;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.Streams;

namespace DigitalTwin.Grains.Hosting;

public static class TwinSiloBuilderExtensions
{
    /// <summary>
    /// Adds the twins to a silo: options from <c>Twins</c> and <c>Commands</c> (with the built-in device types), the
    /// in-memory twin directory, message log, telemetry history and network window history (PostgreSQL replaces
    /// them when configured), the <c>Network</c> options,
    /// ingest metrics and the live-feed hub with its relay to the other silos. The twins' grain storage
    /// (<see cref="TwinStorage.ProviderName"/>) comes separately: <see cref="AddInMemoryTwinStorage"/> or
    /// PostgreSQL.
    /// </summary>
    public static ISiloBuilder AddTwins(this ISiloBuilder silo, IConfiguration configuration)
    {
        silo.Services.AddTwinServices(configuration);
        silo.AddDeviceStreams(configuration);
        return silo;
    }

    /// <summary>
    /// The device streams (<see cref="DeviceStreams"/>): options from <c>Streams</c>, queues in silo memory unless
    /// PostgreSQL provides them, and pulling agents that deliver to the twins' implicit subscriptions only (no
    /// subscription store: nothing subscribes explicitly).
    /// </summary>
    private static void AddDeviceStreams(this ISiloBuilder silo, IConfiguration configuration)
    {
        silo.Services.AddOptions<DeviceStreamOptions>().Bind(configuration.GetSection(DeviceStreamOptions.SectionName)).ValidateOnStart();
        silo.Services.AddSingleton<IValidateOptions<DeviceStreamOptions>, DeviceStreamOptionsValidator>();
        silo.Services.TryAddSingleton<IDeviceQueueStore, InMemoryDeviceQueues>();
        silo.AddPersistentStreams(DeviceStreams.ProviderName, DeviceQueueAdapterFactory.Create, streams =>
        {
            streams.ConfigureStreamPubSub(StreamPubSubType.ImplicitOnly);
            streams.ConfigurePullingAgent(agent => agent.Configure<IOptions<DeviceStreamOptions>>((pulling, devices) =>
                pulling.GetQueueMsgsTimerPeriod = devices.Value.PollPeriod));

            // Orleans' default spreads the queues over the silos; queues in one silo's memory are read by that silo.
            streams.ConfigurePartitionBalancing((services, _) => services.GetRequiredService<IDeviceQueueStore>().IsShared
                ? services.GetRequiredService<IStreamQueueBalancer>()
                : new LocalQueueBalancer());
        });
    }

    /// <summary>Keeps the twins' state in silo memory: it is lost when the silo stops.</summary>
    public static ISiloBuilder AddInMemoryTwinStorage(this ISiloBuilder silo)
    {
        // The state never leaves the process, so Orleans' binary serializer replaces the default
        // Newtonsoft JSON one: JSON made every snapshot of a twin's telemetry window cost enough to stall
        // ingestion for seconds when a thousand twins wrote at once.
        silo.AddMemoryGrainStorage(TwinStorage.ProviderName, (OptionsBuilder<MemoryGrainStorageOptions> storage) =>
            storage.Configure<Serializer>((options, serializer) => options.GrainStorageSerializer = new ExactSizeGrainStorageSerializer(serializer)));
        return silo;
    }

    public static IServiceCollection AddTwinServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TwinOptions>().Bind(configuration.GetSection(TwinOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TwinOptions>, TwinOptionsValidator>();
        services.AddOptions<CommandOptions>().Bind(configuration.GetSection(CommandOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IPostConfigureOptions<CommandOptions>, BuiltInDeviceTypes>();
        services.AddSingleton<IValidateOptions<CommandOptions>, CommandOptionsValidator>();
        services.AddSingleton<CommandCatalog>();
        services.AddSingleton<CommandMetrics>();
        services.AddSingleton<SiloCommands>();
        services.AddSingleton<TwinReferences>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddSingleton<IngestMetrics>();
        services.AddSingleton<BrokerSecurityMetrics>();
        services.AddSingleton<DiscoveryQuota>();
        services.AddSecurityRequirement<DiscoveryCapRequirement>();
        services.AddSingleton<IngestRates>();
        services.AddHostedService(sp => sp.GetRequiredService<IngestRates>());
        services.TryAddSingleton<ITwinDirectory, GrainTwinDirectory>();
        services.TryAddSingleton<IDeviceMessageLog, UnloggedDeviceMessages>();
        services.TryAddSingleton<ITelemetryHistory, TwinWindowTelemetryHistory>();
        services.AddOptions<NetworkOptions>().Bind(configuration.GetSection(NetworkOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<NetworkOptions>, NetworkOptionsValidator>();
        services.AddSingleton<NetworkMetrics>();
        services.TryAddSingleton<INetworkWindowHistory, TwinMemoryNetworkWindowHistory>();
        services.AddSingleton<SiloNetwork>();
        services.AddOptions<DetectionOptions>().Bind(configuration.GetSection(DetectionOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DetectionOptions>, DetectionOptionsValidator>();
        services.AddSingleton<DetectionMetrics>();
        services.AddSingleton<PeerBaselines>();
        services.TryAddSingleton<IAlertStore, GrainAlertStore>();
        services.AddOptions<AuditOptions>().Bind(configuration.GetSection(AuditOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuditOptions>, AuditOptionsValidator>();
        services.TryAddSingleton<IAuditLog, MemoryAuditLog>();
        services.AddSingleton<AlertIndexWriter>();
        services.AddSingleton<IAlertIndex>(sp => sp.GetRequiredService<AlertIndexWriter>());
        services.AddHostedService(sp => sp.GetRequiredService<AlertIndexWriter>());
        services.AddSingleton<DetectionModelHost>();
        services.AddHostedService(sp => sp.GetRequiredService<DetectionModelHost>());
        services.AddSingleton<SiloDetection>();
        services.AddHostedService<PeerBaselineExchange>();
        services.AddSingleton<TwinDirectoryWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<TwinDirectoryWriter>());
        services.AddSingleton<FeedMetrics>();
        services.AddSingleton<BrokerRelayMetrics>();
        services.AddSingleton<TwinEventHub>();
        services.AddSingleton<ITwinEventSink>(sp => sp.GetRequiredService<TwinEventHub>());
        services.AddHostedService<ClusterFeedRelay>();
        services.AddSingleton<SessionSilos>();
        services.AddHostedService(sp => sp.GetRequiredService<SessionSilos>());
        return services;
    }
}
