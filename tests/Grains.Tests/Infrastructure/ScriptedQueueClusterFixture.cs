using DigitalTwin.Grains.Diagnostics;
using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.MessageLog;
using DigitalTwin.Grains.Streams;
using DigitalTwin.Grains.Twins;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Providers.Streams.Common;
using Orleans.Storage;

namespace DigitalTwin.Grains.Tests.Infrastructure;

/// <summary>
/// A cluster in durable mode without PostgreSQL: the message log is a <see cref="ListDeviceMessageLog"/> and device
/// messages reach the twins through the real device streams from a <see cref="ScriptedDeviceQueue"/>, so a test
/// decides which log entries exist and which of them the twins are handed, and when. Without <see cref="Durable"/>,
/// memory mode's twins behind the same scripted queue.
/// </summary>
public class ScriptedQueueClusterFixture : TwinClusterFixture
{
    private long _sequence;

    public ListDeviceMessageLog Log { get; } = new();

    public ScriptedDeviceQueue Queue { get; } = new();

    public IngestMetrics Metrics => Cluster.Silos[0].ServiceProvider.GetRequiredService<IngestMetrics>();

    /// <summary>One queue, so a scripted entry need not know which queue its device hashes to.</summary>
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Streams:QueueCount", "1")];

    /// <summary>Whether the twins keep a message log (PostgreSQL mode's behaviour) or not (memory mode's).</summary>
    protected virtual bool Durable => true;

    /// <summary>
    /// Activates a twin before its first delivery, so that delivery reaches a live twin: a delivery that activated it
    /// would find its entry replayed from the log already, and be skipped.
    /// </summary>
    public Task ActivateAsync(string deviceId) => Twin(deviceId).GetAsync();

    /// <summary>
    /// Activates the twin and has it apply a first reading (type "meter", power 1 at <paramref name="at"/>) through its
    /// queue: a live twin that exists, whose log position is that reading's.
    /// </summary>
    public async Task<LoggedDeviceMessage> StartTwinAsync(string deviceId, DateTimeOffset at)
    {
        await ActivateAsync(deviceId);
        var first = Publish(Messages.Telemetry(deviceId, at, "meter", Messages.Number("power", 1)));
        await Eventually.Until(() => Twin(deviceId).GetAsync(), t => t?.Counters.Accepted == 1, "the first delivery applied");
        return first;
    }

    /// <summary>
    /// Logs the message under the log's next sequence, without delivering it yet. The numbers rise across the whole
    /// queue, as the PostgreSQL log's do: the pulling agent's cache orders a queue's entries by them.
    /// </summary>
    public LoggedDeviceMessage Append(DeviceMessage message)
    {
        var entry = new LoggedDeviceMessage(Interlocked.Increment(ref _sequence), message);
        Log.Append(entry.Sequence, entry.Message);
        return entry;
    }

    /// <summary>As a device's publish is with PostgreSQL: logged, then delivered.</summary>
    public LoggedDeviceMessage Publish(DeviceMessage message)
    {
        var entry = Append(message);
        Queue.Deliver(entry);
        return entry;
    }

    /// <summary>
    /// Delivers entries again, as a pulling agent that took the queue over re-reads it from the last checkpoint: the
    /// agent is restarted first, so a new one with an empty cache reads them.
    /// </summary>
    public async Task RedeliverAsync(params LoggedDeviceMessage[] entries)
    {
        var management = Client.GetGrain<IManagementGrain>(0);
        await management.SendControlCommandToProvider<PersistentStreamProvider>(DeviceStreams.ProviderName, (int)PersistentStreamProviderCommand.StopAgents);
        foreach (var entry in entries)
        {
            Queue.Deliver(entry);
        }

        await management.SendControlCommandToProvider<PersistentStreamProvider>(DeviceStreams.ProviderName, (int)PersistentStreamProviderCommand.StartAgents);
    }

    /// <summary>Makes a twin's next state write fail (<see cref="FaultyGrainStorage.FailNextWriteOf"/>).</summary>
    public FaultyGrainStorage Storage => (FaultyGrainStorage)Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(TwinStorage.ProviderName);

    protected override void AddStorage(ISiloBuilder silo)
    {
        base.AddStorage(silo);
        silo.Services.AddKeyedSingleton<IGrainStorage>(TwinStorage.ProviderName, (services, name) =>
            new FaultyGrainStorage(MemoryGrainStorageFactory.Create(services, (string)name!)));
    }

    protected override void AddServices(IServiceCollection services)
    {
        if (Durable)
        {
            services.AddSingleton<IDeviceMessageLog>(Log);
        }

        services.AddSingleton<IDeviceQueueStore>(Queue);
    }
}
